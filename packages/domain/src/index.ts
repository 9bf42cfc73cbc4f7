export * from "./common";
export * from "./messages";
export * from "./auth";
export * from "./customer";
