/** E7xx: rtl errors. */
export const RTL_ERRORS = {
} as const;
