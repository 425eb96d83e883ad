/**
 * The fixed sequence `Math.random` gives in the sandbox and in generated tests that need it: multiples
 * of the golden ratio's fractional part, modulo 1, which spread evenly over [0, 1).
 */
export const GOLDEN = 0.6180339887498949;

/** The sequence as a generated test writes it, with `draw` counting from 0 in each test. */
export const RANDOM_SEQUENCE_CODE = `(draw++ * ${GOLDEN}) % 1`;
