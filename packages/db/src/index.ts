export * from "./entities";
export * from "./orm";
export * from "./config";
export * from "./embedded";
export * from "./repositories";
export * from "./transactions";
