/** A Web MIDI stand-in for unit tests: inputs to fire messages on, outputs that record what was sent. */
export function fakeMidiAccess({ inputs = ['Pedalboard'], outputs = ['Synth'] }: { inputs?: string[]; outputs?: string[] } = {}) {
  const port = (name: string, i: number, kind: string) => Object.assign(new EventTarget(), { id: `${kind}-${i}`, name });
  const ins = inputs.map((name, i) => port(name, i, 'in'));
  const sent: { port: string; data: number[]; timestamp: number | undefined }[] = [];
  const outs = outputs.map((name, i) => Object.assign(port(name, i, 'out'), { send: (data: number[], timestamp?: number) => sent.push({ port: name, data: [...data], timestamp }) }));
  const access = Object.assign(new EventTarget(), {
    inputs: new Map(ins.map((p) => [p.id, p])),
    outputs: new Map(outs.map((p) => [p.id, p])),
  });
  /** Fires a message on an input, as a device would. */
  function fire(data: number[], input = 0): void {
    ins[input]!.dispatchEvent(Object.assign(new Event('midimessage'), { data: new Uint8Array(data) }));
  }
  return { access: access as unknown as MIDIAccess, fire, sent };
}
