/**
 * The Node built-ins whose import makes a module's tests mock them. Here, not beside the sandbox's
 * mocks, so that analysis does not load the sandbox's guard (and memfs with it) into the generator.
 */
export const MOCKABLE = /^(node:)?(fs|fs\/promises|child_process|net|http|https|http2|dgram|tls)$/;
