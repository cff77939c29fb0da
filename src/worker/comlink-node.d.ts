// comlink ships the Node adapter as an .mjs file whose types sit beside it as node-adapter.d.ts, which
// TypeScript does not pair with the .mjs specifier Node needs at run time.
declare module 'comlink/dist/esm/node-adapter.mjs' {
  export { default } from 'comlink/dist/esm/node-adapter';
}
