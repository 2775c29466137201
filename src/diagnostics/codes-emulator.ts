/** E5xx: emulator errors. */
export const EMULATOR_ERRORS = {
} as const;
