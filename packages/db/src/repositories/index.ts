export * from "./customer.repository";
