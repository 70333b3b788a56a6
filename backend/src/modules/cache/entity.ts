import { defineEntity, p } from '@mikro-orm/core';

/** The database layer of the Stripe data cache (`cache_store`, shared by all instances): key, JSON value, expiry. */
export const CacheEntrySchema = defineEntity({
  name: 'CacheEntry',
  tableName: 'cache_store',
  properties: {
    key: p.string().length(255).primary(),
    value: p.json<unknown>(),
    expiresAt: p.datetime().index('cache_store_expires_idx'),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export class CacheEntry extends CacheEntrySchema.class {}
CacheEntrySchema.setClass(CacheEntry);
