/**
 * Units as types. The brand is optional, so a plain number is accepted where a unit is expected (the
 * engine's arithmetic stays readable), but two different units never mix: a `GB` cannot be passed where
 * `Seconds` is wanted. Zero cost at run time; values cross the worker boundary as plain numbers.
 *
 * The reference's units (see the golden README): FLOPs in TFLOP, memory and traffic in GB, rates in
 * TFLOP/s and GB/s, times in seconds.
 */
type Unit<Name extends string> = number & { readonly __unit?: Name };

export type Seconds = Unit<'s'>;
export type GB = Unit<'GB'>;
export type TFLOP = Unit<'TFLOP'>;
export type TFLOPps = Unit<'TFLOP/s'>;
export type GBps = Unit<'GB/s'>;
/** Samples (sequences) per second. */
export type SamplesPerSecond = Unit<'samples/s'>;
