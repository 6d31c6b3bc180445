// The bytes MIME framing is made of, by name, for the scanners that work on raw Buffers.
export const LF = 0x0a;
export const CR = 0x0d;
export const SP = 0x20;
export const HT = 0x09;
export const DASH = 0x2d;
export const COLON = 0x3a;
