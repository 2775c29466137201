/** E3xx: keras errors. */
export const KERAS_ERRORS = {
} as const;
