import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Orm } from "@customer-hub/db";

declare module "fastify" {
  interface FastifyInstance {
    /** The app's ORM; every request forks its own EntityManager from it (never uses the global one). */
    orm: Orm;
  }
}

export type OrmPluginOptions = {
  orm: Orm;
  /**
   * Closes the database when the app closes (the server hands over its own). Without it the
   * caller keeps the ORM: tests run several apps on one ORM and close it after the last.
   */
  close?: () => Promise<void>;
};

/**
 * The ORM as `app.orm`, for the plugins that declare `dependencies: ["orm"]`. Registered first, so
 * its `onClose` runs last (Fastify closes in reverse order), after everything that uses it.
 */
export default fp(
  async (app: FastifyInstance, options: OrmPluginOptions) => {
    app.decorate("orm", options.orm);
    const { close } = options;
    if (close) app.addHook("onClose", async () => close());
  },
  { name: "orm" },
);
