export * from "./entities";
export * from "./orm";
export * from "./config";
export * from "./unavailable";
export * from "./embedded";
export * from "./database";
export * from "./repositories";
export * from "./transactions";
