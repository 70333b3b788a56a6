/** The parts of navigator.mediaDevices the Outputs panel uses. */
export type MediaDevicesLike = Pick<MediaDevices, 'enumerateDevices' | 'getUserMedia'>;

export interface OutputDevice {
  deviceId: string;
  label: string;
}

/**
 * The audio outputs, the system default left out (the panel offers it first). Chrome lists them
 * only to a page that may use the microphone (otherwise one output with no id: nothing to list);
 * a browser that gives ids without names gets "Output 1, 2…".
 */
export async function listOutputs(media: Pick<MediaDevices, 'enumerateDevices'>): Promise<OutputDevice[]> {
  const outputs = (await media.enumerateDevices()).filter((d) => d.kind === 'audiooutput' && d.deviceId && d.deviceId !== 'default');
  return outputs.map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Output ${i + 1}` }));
}
