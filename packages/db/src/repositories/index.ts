export * from "./customer.repository";
export * from "./locks";
export * from "./member-relation.repository";
export * from "./ordering";
