/** E6xx: hls errors. */
export const HLS_ERRORS = {
} as const;
