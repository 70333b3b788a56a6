import { describe, expect, it } from 'vitest';
import { parseForm, splitKey } from '../../../tools/fake-stripe/form.ts';
import { FakeStripeError } from '../../../tools/fake-stripe/errors.ts';
import { list, metadata, parseParams, str, z } from '../../../tools/fake-stripe/params.ts';

describe('fake Stripe form parser', () => {
  it('splits bracketed keys', () => {
    expect(splitKey('a')).toEqual(['a']);
    expect(splitKey('a[b][0][c]')).toEqual(['a', 'b', '0', 'c']);
    expect(splitKey('expand[]')).toEqual(['expand', '']);
  });

  it('parses nested keys exactly as the stripe SDK encodes them', () => {
    const body =
      'mode=subscription&line_items[0][price]=price_1&line_items[0][quantity]=2&line_items[1][price]=price_2' +
      '&metadata[user_id]=u%201&subscription_data[metadata][plan]=pro%2Byearly&expand[0]=customer&expand[1]=line_items' +
      '&success_url=http%3A%2F%2Flocalhost%2Fok%3Fsession_id%3D{CHECKOUT_SESSION_ID}&name=Jo+Doe';
    expect(parseForm(body)).toEqual({
      mode: 'subscription',
      line_items: { '0': { price: 'price_1', quantity: '2' }, '1': { price: 'price_2' } },
      metadata: { user_id: 'u 1' },
      subscription_data: { metadata: { plan: 'pro+yearly' } },
      expand: { '0': 'customer', '1': 'line_items' },
      success_url: 'http://localhost/ok?session_id={CHECKOUT_SESSION_ID}',
      name: 'Jo Doe',
    });
  });

  it('keeps numeric metadata keys as keys, and turns indexed lists into arrays only in schemas', () => {
    const parsed = parseForm('metadata[0]=zero&metadata[10]=ten&ids[1]=b&ids[0]=a&tags[]=x&tags[]=y');
    expect(parsed.metadata).toEqual({ '0': 'zero', '10': 'ten' });
    const schema = z.strictObject({ metadata: metadata(), ids: list(str()), tags: list(str()) });
    expect(parseParams(schema, parsed)).toEqual({ metadata: { '0': 'zero', '10': 'ten' }, ids: ['a', 'b'], tags: ['x', 'y'] });
  });

  it('treats an empty value as a request to unset (emptyable fields give null)', () => {
    expect(parseForm('metadata=&description=')).toEqual({ metadata: '', description: '' });
    expect(parseParams(z.strictObject({ metadata: metadata() }), parseForm('metadata='))).toEqual({ metadata: null });
  });

  it('rejects malformed and prototype-polluting names with a 400', () => {
    for (const body of ['a[b=1', 'a[b]c=1', '__proto__[x]=1', 'a[constructor][prototype]=1', 'a=%E0%A4%A']) {
      expect(() => parseForm(body), body).toThrow(FakeStripeError);
    }
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('reports schema problems as Stripe does: unknown, then missing, then invalid', () => {
    const schema = z.strictObject({ currency: str(), recurring: z.strictObject({ interval: z.enum(['month', 'year']) }).optional() });
    const err = (body: string) => {
      try {
        parseParams(schema, parseForm(body));
      } catch (e) {
        return (e as FakeStripeError).toJSON().error;
      }
      throw new Error('expected an error');
    };
    expect(err('currency=eur&colour=red')).toMatchObject({ code: 'parameter_unknown', param: 'colour', message: 'Received unknown parameter: colour' });
    expect(err('recurring[interval]=month')).toMatchObject({ code: 'parameter_missing', param: 'currency' });
    expect(err('currency=eur&recurring[interval]=week')).toMatchObject({ param: 'recurring[interval]', message: 'Invalid recurring[interval]: must be one of month or year' });
  });
});
