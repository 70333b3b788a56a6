// Vite's `?worker&url`: the URL of the file bundled on its own (used for the gate's AudioWorklet module).
declare module '*?worker&url' {
  const url: string;
  export default url;
}
