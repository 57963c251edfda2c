declare module 'node-gyp-build' {
  /** Loads the addon for this platform from prebuilds/ or build/ below `dir`. */
  function load(dir: string): unknown;
  export = load;
}
