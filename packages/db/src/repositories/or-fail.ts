/**
 * How a find that must find something fails: MikroORM's `findOneOrFail` option, given by the
 * caller, so the API throws its own 404 with the message of what was looked for.
 */
export type OrFail = { failHandler: (entityName: string, where: unknown) => Error };
