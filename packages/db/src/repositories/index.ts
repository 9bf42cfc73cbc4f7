export * from "./customer.repository";
export * from "./customer-relation.repository";
export * from "./locks";
export * from "./member-relation.repository";
export * from "./ordering";
export * from "./tenant-relation.repository";
export * from "./follow-up-log.repository";
export * from "./tenant-view.repository";
