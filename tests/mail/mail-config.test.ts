/**
 * The mail relay's configuration (api/mail/mail-config.ts): both halves or
 * neither, checked at start rather than at the first email, and TLS required
 * for any relay off this machine (policy: personal information travels over
 * a secure connection).
 */
import { describe, expect, it } from 'vitest';
import { mailConfigFrom, senderDomainOf, smtpOptionsOf } from '../../api/mail/mail-config';

const FROM = 'Backlot <orders@backlot.example>';

describe('the mail relay’s configuration', () => {
  it('is nothing without BACKLOT_SMTP_URL and BACKLOT_MAIL_FROM, and refused when only one is set', () => {
    expect(mailConfigFrom({}, {})).toBeNull();
    expect(() => mailConfigFrom({}, { BACKLOT_SMTP_URL: 'smtp://mail.site.lan:587' })).toThrow(/BACKLOT_MAIL_FROM/);
    expect(() => mailConfigFrom({}, { BACKLOT_MAIL_FROM: FROM })).toThrow(/BACKLOT_SMTP_URL/);
    // The command line wins over the environment.
    expect(mailConfigFrom({ smtpUrl: 'smtps://relay.site.lan', from: FROM }, { BACKLOT_SMTP_URL: 'smtp://other:25', BACKLOT_MAIL_FROM: 'x@y.example' })).toEqual({ smtpUrl: 'smtps://relay.site.lan', from: FROM });
  });

  it('requires STARTTLS for a relay off this machine, not for one on it; smtps speaks TLS from the start', () => {
    const off = smtpOptionsOf({ smtpUrl: 'smtp://backlot:p%40ss%2Fword@mail.site.lan:587', from: FROM });
    expect(off).toMatchObject({ host: 'mail.site.lan', port: 587, secure: false, requireTLS: true, auth: { user: 'backlot', pass: 'p@ss/word' } });
    expect(smtpOptionsOf({ smtpUrl: 'smtp://127.0.0.1:2525', from: FROM })).toMatchObject({ port: 2525, secure: false, requireTLS: false });
    expect(smtpOptionsOf({ smtpUrl: 'smtps://mail.site.lan', from: FROM })).toMatchObject({ port: 465, secure: true, requireTLS: false });
    expect(smtpOptionsOf({ smtpUrl: 'smtp://mail.site.lan', from: FROM })).toMatchObject({ port: 587, requireTLS: true });
  });

  it('refuses what is not a relay URL or a sender address, in words', () => {
    expect(() => mailConfigFrom({}, { BACKLOT_SMTP_URL: 'mail.site.lan:587', BACKLOT_MAIL_FROM: FROM })).toThrow(/smtp:\/\//);
    expect(() => mailConfigFrom({}, { BACKLOT_SMTP_URL: 'https://mail.site.lan', BACKLOT_MAIL_FROM: FROM })).toThrow(/smtp:\/\/ or smtps:\/\//);
    expect(() => mailConfigFrom({}, { BACKLOT_SMTP_URL: 'smtp://mail.site.lan', BACKLOT_MAIL_FROM: 'Backlot' })).toThrow(/email address/);
    expect(senderDomainOf(FROM)).toBe('backlot.example');
    expect(senderDomainOf('orders@Backlot.Example')).toBe('backlot.example');
  });
});
