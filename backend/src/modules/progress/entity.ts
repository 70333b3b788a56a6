import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from '../users/entity.ts';

/** One device's running totals for one song; the account's log is the sum over devices. */
export const SongProgressSchema = defineEntity({
  name: 'SongProgress',
  tableName: 'song_progress',
  uniques: [{ name: 'song_progress_user_device_song_unique', properties: ['user', 'deviceKey', 'songKey'] }],
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    user: () => p.manyToOne(User).deleteRule('cascade'),
    /** The device's client id (or "web"); totals from one device replace its earlier totals. */
    deviceKey: p.string().length(64),
    /** "title|artist" lowercased: the same song on two devices has two different local ids. */
    songKey: p.string().length(402),
    title: p.string().length(200),
    artist: p.string().length(200),
    plays: p.integer(),
    minutes: p.double(),
    lastPlayedAt: p.datetime(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export class SongProgress extends SongProgressSchema.class {}
SongProgressSchema.setClass(SongProgress);
