export * from "./common";
export * from "./messages";
export * from "./auth";
export * from "./customer";
export * from "./member";
export * from "./tenant";
export * from "./member-relation";
export * from "./tenant-relation";
