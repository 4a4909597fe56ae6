#!/usr/bin/env python3
"""A real SMTP server on 127.0.0.1 for patchflow's mail tests (Debian's python3-aiosmtpd).

Every accepted message is stored in --dir as NNN.eml (DATA exactly as received, dot-unstuffed,
CRLF kept) and NNN.json (envelope sender, recipients, authenticated login). Numbering continues
from the files already there, so a restarted server on the same directory shows duplicates.
The port (chosen by the kernel) is written to --dir/port once the server listens.

  --refuse-rcpt ADDR    answer 550 to RCPT TO:<ADDR> (repeatable)
  --drop-after N        once N messages are stored, close the connection during the next DATA
  --auth USER           require AUTH as USER with the password in $SMTP_SINK_PASSWORD
  --starttls CERT KEY   offer and require STARTTLS;   --ssl CERT KEY   implicit TLS
"""
import argparse
import asyncio
import json
import os
import ssl

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Sink:
    def __init__(self, args):
        self.dir = args.dir
        self.refuse = {a.lower() for a in args.refuse_rcpt}
        self.drop_after = args.drop_after
        self.count = len([n for n in os.listdir(self.dir) if n.endswith(".eml")])

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return "550 5.1.1 <%s>: recipient refused by test" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.drop_after is not None and self.count >= self.drop_after:
            server.transport.close()  # the client never hears whether DATA was taken
            return "421 closing"
        self.count += 1
        base = os.path.join(self.dir, "%03d" % self.count)
        with open(base + ".eml", "wb") as f:
            f.write(envelope.original_content)
        with open(base + ".json", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                       "login": session.auth_data.decode() if session.auth_data else None}, f)
        return "250 OK stored"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--refuse-rcpt", action="append", default=[])
    parser.add_argument("--drop-after", type=int)
    parser.add_argument("--auth")
    parser.add_argument("--starttls", nargs=2)
    parser.add_argument("--ssl", nargs=2)
    args = parser.parse_args()
    sink = Sink(args)
    password = os.environ.get("SMTP_SINK_PASSWORD", "")

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login == args.auth.encode()
              and auth_data.password == password.encode())
        return AuthResult(success=ok, handled=False, auth_data=auth_data.login if ok else None)

    def tls_context(pair):
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(pair[0], pair[1])
        return context

    kwargs = {"decode_data": False}
    if args.auth:
        # aiosmtpd only counts STARTTLS as TLS; with --ssl the whole connection is TLS already
        kwargs.update(authenticator=authenticate, auth_required=True,
                      auth_require_tls=bool(args.starttls))
    if args.starttls:
        kwargs.update(tls_context=tls_context(args.starttls), require_starttls=True)
    server_ssl = tls_context(args.ssl) if args.ssl else None

    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(loop.create_server(
        lambda: SMTP(sink, loop=loop, **kwargs), "127.0.0.1", 0, ssl=server_ssl))
    port = server.sockets[0].getsockname()[1]
    with open(os.path.join(args.dir, "port.tmp"), "w") as f:
        f.write(str(port))
    os.rename(os.path.join(args.dir, "port.tmp"), os.path.join(args.dir, "port"))
    loop.run_forever()


if __name__ == "__main__":
    main()
