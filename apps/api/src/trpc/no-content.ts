/** Adapts a handler that returns nothing to an output of `noContentSchema` (`null`). */
export function withNoContent<Options>(handler: (options: Options) => Promise<void>) {
  return async (options: Options): Promise<null> => {
    await handler(options);
    return null;
  };
}
