package org.sluice.smtp.internal;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sluice.access.AccessChecker;
import org.sluice.access.AccessDecision;
import org.sluice.access.AccessRequest;
import org.sluice.access.Credentials;
import org.sluice.access.HostnameLookups;
import org.sluice.brigade.Brigade;
import org.sluice.connection.Blocking;
import org.sluice.connection.Connection;

/**
 * One client's SMTP session (RFC 5321), a state machine:
 *
 * <pre>
 *  connect ──address refused by &lt;Location smtp&gt;──▶ 554 ──▶ REFUSED: 503 to all but QUIT
 *     │ 220 greeting
 *     ▼
 *  AWAITING_HELLO ──EHLO/HELO──▶ READY ──MAIL──▶ SENDER_GIVEN ──RCPT──▶ RECIPIENTS_GIVEN ◀─┐
 *     ▲                            ▲                   │                      │  │ RCPT     │
 *     │                            ├──RSET, EHLO───────┴──────────────────────┘  └──────────┘
 *     │                            └──DATA: 354, the message, 250 (in the Maildir) or 4xx/5xx
 *     └──STARTTLS (220, handshake): all that was said in plain text is forgotten (RFC 3207)
 *
 *  AUTH (under TLS, in READY), NOOP, VRFY, HELP: the state stays
 *  QUIT ──▶ CLOSED (221); Timeout, too many errors or failed AUTHs ──▶ CLOSED (421)
 * </pre>
 *
 * <p>Each reply is written with a flush, which the framework holds back while more input is
 * waiting: the replies to a pipelined group of commands (RFC 2920) leave together, in order.
 */
final class SmtpSession {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpSession.class);

    /** The {@code <Location>} whose access rules apply. */
    static final String LOCATION = "smtp";
    /** Error replies after which the session is ended (Postfix's hard error limit). */
    static final int MAX_ERRORS = 20;
    /** Failed AUTH attempts after which the session is ended. */
    static final int MAX_AUTH_FAILURES = 3;
    /** What a {@link Sasl.Challenger} gives for a response line that cannot be one: it decodes as nothing. */
    private static final String INVALID_RESPONSE = "!";
    private static final DateTimeFormatter RFC_5322_DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    enum State {
        /** Greeted; waiting for EHLO or HELO (again after STARTTLS). */
        AWAITING_HELLO,
        /** The client said hello; no mail transaction. */
        READY,
        /** MAIL FROM was accepted; waiting for recipients. */
        SENDER_GIVEN,
        /** At least one RCPT TO was accepted; more recipients, or DATA. */
        RECIPIENTS_GIVEN,
        /**
         * The address was refused with 554 instead of a greeting: every command but QUIT gets
         * 503 until the client quits (RFC 5321 3.1), or the error limit or Timeout ends it.
         */
        REFUSED,
        /** QUIT, or the session is ended. */
        CLOSED
    }

    private final Connection connection;
    private final AccessChecker checker;
    private final SmtpConfig config;
    private final String hostname;
    private final AccessRequest access;
    private final SmtpInput input;
    private final MessageReader messages;
    private final Maildir maildir;

    private State state = State.AWAITING_HELLO;
    private String helo;
    private boolean extended;
    private String user;
    private MailAddress sender;
    private final List<MailAddress> recipients = new ArrayList<>();
    private int errors;
    private int authFailures;

    SmtpSession(Connection connection, AccessChecker checker) {
        this.connection = connection;
        this.checker = checker;
        this.config = connection.virtualHost().config(SmtpConfig.KEY);
        this.hostname = config.hostname(connection.virtualHost());
        this.access = AccessRequest.of(connection.remoteAddress().getAddress(), connection.virtualHost().location(LOCATION))
                .withLocal(connection.localAddress().getAddress())
                .withRemoteHost(connection.remoteHost())
                .withTarget(LOCATION);
        this.input = new SmtpInput(connection);
        this.messages = new MessageReader(input);
        this.maildir = new Maildir(config.maildir(connection.virtualHost().server().serverRoot()), hostname);
    }

    void run() throws IOException {
        switch (checker.check(access).outcome()) {
            // AUTH_REQUIRED: the address may connect; AUTH will ask for the user
            case GRANTED, AUTH_REQUIRED -> reply("220 " + hostname + " ESMTP Sluice");
            case DENIED -> {
                reply("554 5.7.1 " + hostname + " Access denied");
                state = State.REFUSED;
            }
            case ERROR -> {
                reply("421 4.3.0 " + hostname + " Service not available; try again later");
                return;
            }
        }
        try {
            while (state != State.CLOSED) {
                SmtpInput.Line line = input.read(SmtpInput.MAX_COMMAND_LINE);
                switch (line.kind()) {
                    case END -> state = State.CLOSED;
                    case TOO_LONG -> reply("500 5.5.2 Line too long (the limit is " + SmtpInput.MAX_COMMAND_LINE
                            + " octets with CRLF)");
                    case BARE_LF -> reply("500 5.5.2 Bare <LF> received: command lines end with <CR><LF>");
                    case LINE -> execute(line.text());
                }
                if (errors >= MAX_ERRORS && state != State.CLOSED) {
                    reply("421 4.7.0 " + hostname + " Too many errors; closing");
                    state = State.CLOSED;
                }
            }
        } catch (SocketTimeoutException e) {
            LOG.debug("SMTP client {}: {}", connection.remoteIp(), e.getMessage());
            reply("421 4.4.2 " + hostname + " Timeout exceeded; closing");
        }
    }

    private void execute(String line) throws IOException {
        int space = line.indexOf(' ');
        String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String argument = space < 0 ? "" : line.substring(space + 1).strip();
        if (state == State.REFUSED && !verb.equals("QUIT")) {
            reply("503 5.5.1 Bad sequence of commands: this connection was refused; send QUIT");
            return;
        }
        switch (verb) {
            case "EHLO" -> hello(argument, true);
            case "HELO" -> hello(argument, false);
            case "MAIL" -> mail(argument);
            case "RCPT" -> rcpt(argument);
            case "DATA" -> data(argument);
            case "RSET" -> rset(argument);
            case "STARTTLS" -> startTls(argument);
            case "AUTH" -> auth(argument);
            case "NOOP" -> reply("250 2.0.0 Ok");
            case "VRFY" -> reply("252 2.5.0 Cannot VRFY user, but will accept message and attempt delivery");
            case "HELP" -> reply("214 2.0.0 Commands: EHLO HELO MAIL RCPT DATA RSET NOOP VRFY HELP QUIT"
                    + (connection.startTlsAvailable() ? " STARTTLS" : "") + (authOffered() ? " AUTH" : ""));
            case "QUIT" -> {
                reply("221 2.0.0 " + hostname + " Bye");
                state = State.CLOSED;
            }
            default -> reply("500 5.5.1 Command unrecognized");
        }
    }

    // ---- AWAITING_HELLO, READY: EHLO, HELO, RSET ----

    private void hello(String domain, boolean ehlo) throws IOException {
        if (domain.isEmpty() || domain.indexOf(' ') >= 0) {
            reply("501 5.5.4 Syntax: " + (ehlo ? "EHLO" : "HELO") + " hostname");
            return;
        }
        resetTransaction();
        helo = printable(domain);
        extended = ehlo;
        state = State.READY;
        if (!ehlo) {
            reply("250 " + hostname);
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add(hostname);
        lines.add("PIPELINING");
        lines.add("SIZE " + config.maxMessageSize());
        lines.add("8BITMIME");
        lines.add("ENHANCEDSTATUSCODES");
        if (connection.startTlsAvailable()) {
            lines.add("STARTTLS");
        }
        if (authOffered()) {
            lines.add("AUTH " + Sasl.MECHANISMS);
        }
        lines.add("HELP");
        replyLines("250", lines);
    }

    private void rset(String argument) throws IOException {
        if (!argument.isEmpty()) {
            reply("501 5.5.4 Syntax: RSET");
            return;
        }
        resetTransaction();
        if (state != State.AWAITING_HELLO) {
            state = State.READY;
        }
        reply("250 2.0.0 Ok");
    }

    private void resetTransaction() {
        sender = null;
        recipients.clear();
    }

    // ---- READY → SENDER_GIVEN: MAIL ----

    private void mail(String argument) throws IOException {
        switch (state) {
            case AWAITING_HELLO -> {
                reply("503 5.5.1 Send EHLO or HELO first");
                return;
            }
            case SENDER_GIVEN, RECIPIENTS_GIVEN -> {
                reply("503 5.5.1 Nested MAIL command");
                return;
            }
            default -> {
            }
        }
        if (config.auth() == SmtpConfig.Auth.REQUIRED && user == null) {
            reply("530 5.7.0 Authentication required");
            return;
        }
        PathArgument from = PathArgument.parse("FROM", argument);
        if (from == null) {
            reply("501 5.5.4 Syntax: MAIL FROM:<address>");
            return;
        }
        MailAddress address = MailAddress.parse(from.path());
        if (address == null || address.isBarePostmaster()) {
            reply("501 5.1.7 Bad sender address syntax");
            return;
        }
        if (!from.parameters().isEmpty() && !extended) {
            reply("555 5.5.4 MAIL parameters need EHLO");
            return;
        }
        for (Map.Entry<String, String> parameter : from.parameters().entrySet()) {
            String value = parameter.getValue();
            switch (parameter.getKey()) {
                case "SIZE" -> {
                    if (!value.matches("[0-9]{1,20}")) {
                        reply("501 5.5.4 SIZE takes a number of octets");
                        return;
                    }
                    if (value.length() > 18 || Long.parseLong(value) > config.maxMessageSize()) {
                        reply("552 5.3.4 Message size exceeds fixed maximum message size");
                        return;
                    }
                }
                case "BODY" -> {
                    if (!value.equalsIgnoreCase("7BIT") && !value.equalsIgnoreCase("8BITMIME")) {
                        reply("501 5.5.4 BODY takes 7BIT or 8BITMIME");
                        return;
                    }
                }
                case "AUTH" -> {
                    // RFC 4954 5: who submitted the message, as a relay vouches; nothing is relayed here
                }
                default -> {
                    reply("555 5.5.4 Unsupported MAIL parameter");
                    return;
                }
            }
        }
        sender = address;
        state = State.SENDER_GIVEN;
        reply("250 2.1.0 Ok");
    }

    // ---- SENDER_GIVEN, RECIPIENTS_GIVEN → RECIPIENTS_GIVEN: RCPT ----

    private void rcpt(String argument) throws IOException {
        switch (state) {
            case AWAITING_HELLO -> {
                reply("503 5.5.1 Send EHLO or HELO first");
                return;
            }
            case READY -> {
                reply("503 5.5.1 Need MAIL command");
                return;
            }
            default -> {
            }
        }
        PathArgument to = PathArgument.parse("TO", argument);
        if (to == null) {
            reply("501 5.5.4 Syntax: RCPT TO:<address>");
            return;
        }
        MailAddress address = MailAddress.parse(to.path());
        if (address == null || address.isNull()) {
            reply("501 5.1.3 Bad recipient address syntax");
            return;
        }
        if (!to.parameters().isEmpty()) {
            reply("555 5.5.4 Unsupported RCPT parameter");
            return;
        }
        if (!address.isBarePostmaster() && !config.accepts(address.domain())) {
            reply("550 5.7.1 Relaying denied");
            return;
        }
        if (recipients.size() >= config.maxRecipients()) {
            reply("452 4.5.3 Too many recipients");
            return;
        }
        recipients.add(address);
        state = State.RECIPIENTS_GIVEN;
        reply("250 2.1.5 Ok");
    }

    // ---- RECIPIENTS_GIVEN → READY: DATA ----

    private void data(String argument) throws IOException {
        switch (state) {
            case AWAITING_HELLO -> {
                reply("503 5.5.1 Send EHLO or HELO first");
                return;
            }
            case READY -> {
                reply("503 5.5.1 Need MAIL command");
                return;
            }
            case SENDER_GIVEN -> {
                reply("554 5.5.1 No valid recipients");
                return;
            }
            default -> {
            }
        }
        if (!argument.isEmpty()) {
            reply("501 5.5.4 Syntax: DATA");
            return;
        }
        Maildir.Delivery delivery;
        try {
            delivery = maildir.begin();
        } catch (IOException e) {
            LOG.error("SMTPMaildir {}: cannot create a message file: {}", maildir.root(), e.toString());
            reply("451 4.3.0 Local delivery failed; try again later");
            resetTransaction();
            state = State.READY;
            return;
        }
        try (delivery) {
            reply("354 End data with <CR><LF>.<CR><LF>");
            MessageReader.Outcome outcome;
            try {
                delivery.out().write(traceHeaders(delivery.id()));
                outcome = messages.read(delivery.out(), config.maxMessageSize());
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                // the trace headers could not be written; read the message to its end all the same
                LOG.error("SMTPMaildir {}: cannot write message {}: {}", maildir.root(), delivery.id(), e.toString());
                outcome = messages.read(java.io.OutputStream.nullOutputStream(), config.maxMessageSize());
                if (outcome == MessageReader.Outcome.COMPLETE) {
                    outcome = MessageReader.Outcome.WRITE_FAILED;
                }
            }
            switch (outcome) {
                case COMPLETE -> deliver(delivery);
                case TOO_BIG -> reply("552 5.3.4 Message size exceeds fixed maximum message size");
                case LINE_TOO_LONG -> reply("500 5.5.2 Line too long in the message (the limit is "
                        + SmtpInput.MAX_TEXT_LINE + " octets with CRLF)");
                case WRITE_FAILED -> {
                    LOG.error("SMTPMaildir {}: cannot write message {}: {}", maildir.root(), delivery.id(),
                            String.valueOf(messages.writeError()));
                    reply("451 4.3.0 Local delivery failed; try again later");
                }
                case BARE_LF -> {
                    // where the message ends is ambiguous now: nothing after this may be trusted
                    reply("521 5.5.2 " + hostname + " Bare <LF> received in the message: lines end with"
                            + " <CR><LF>; closing");
                    state = State.CLOSED;
                    return;
                }
                case ENDED -> {
                    state = State.CLOSED;
                    return;
                }
            }
        }
        resetTransaction();
        state = State.READY;
    }

    private void deliver(Maildir.Delivery delivery) throws IOException {
        java.nio.file.Path file;
        try {
            file = delivery.commit();
        } catch (IOException e) {
            LOG.error("SMTPMaildir {}: cannot deliver message {}: {}", maildir.root(), delivery.id(), e.toString());
            reply("451 4.3.0 Local delivery failed; try again later");
            return;
        }
        LOG.info("SMTP client {}: message {} from <{}> for {} recipient(s) delivered to {}", connection.remoteIp(),
                delivery.id(), sender, recipients.size(), file);
        reply("250 2.0.0 Ok: queued as " + delivery.id());
    }

    /**
     * {@code Return-Path:} and {@code Received:} (RFC 5321 4.4), with RFC 3848's protocol names
     * and, under TLS, the protocol version and cipher.
     */
    private byte[] traceHeaders(String id) {
        String protocol = extended
                ? "ESMTP" + (connection.tls() != null ? "S" : "") + (user != null ? "A" : "")
                : "SMTP";
        String ip = connection.remoteIp();
        String literal = "[" + (ip.indexOf(':') >= 0 ? "IPv6:" + ip : ip) + "]";
        String client = connection.remoteHost().name(HostnameLookups.OFF).map(name -> name + " " + literal)
                .orElse(literal);
        StringBuilder headers = new StringBuilder(256)
                .append("Return-Path: <").append(sender).append(">\r\n")
                .append("Received: from ").append(helo).append(" (").append(client).append(")\r\n");
        org.sluice.tls.TlsSession tls = connection.tls();
        if (tls != null) {
            // what the message crossed, as mail servers note it (Postfix's words)
            headers.append("\t(using ").append(tls.protocol()).append(" with cipher ").append(tls.cipherSuite())
                    .append(" (").append(tls.cipherBits()).append('/').append(tls.cipherBits()).append(" bits))\r\n");
        }
        headers.append("\tby ").append(hostname).append(" (Sluice) with ").append(protocol).append(" id ").append(id);
        if (recipients.size() == 1) {
            headers.append("\r\n\tfor <").append(recipients.get(0)).append('>');
        }
        headers.append("; ").append(RFC_5322_DATE.format(ZonedDateTime.now())).append("\r\n");
        return headers.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---- STARTTLS: back to AWAITING_HELLO ----

    private void startTls(String argument) throws IOException {
        if (!argument.isEmpty()) {
            reply("501 5.5.4 Syntax: STARTTLS");
            return;
        }
        if (connection.tls() != null) {
            reply("503 5.5.1 TLS already active");
            return;
        }
        if (!connection.startTlsAvailable()) {
            reply("502 5.5.1 STARTTLS not available");
            return;
        }
        reply("220 2.0.0 Ready to start TLS");
        connection.startTls();
        // RFC 3207 4.2: forget all the client said in plain text
        resetTransaction();
        helo = null;
        extended = false;
        user = null;
        state = State.AWAITING_HELLO;
    }

    // ---- AUTH, in READY ----

    private boolean authOffered() {
        return config.auth() != SmtpConfig.Auth.OFF && connection.tls() != null;
    }

    private void auth(String argument) throws IOException {
        if (config.auth() == SmtpConfig.Auth.OFF) {
            reply("503 5.5.1 Authentication not enabled");
            return;
        }
        if (connection.tls() == null) {
            reply("538 5.7.11 Encryption required for requested authentication mechanism");
            return;
        }
        if (state == State.AWAITING_HELLO || !extended) {
            reply("503 5.5.1 Send EHLO first");
            return;
        }
        if (user != null) {
            reply("503 5.5.1 Already authenticated");
            return;
        }
        if (state != State.READY) {
            reply("503 5.5.1 AUTH not permitted during a mail transaction");
            return;
        }
        String[] words = argument.split(" +");
        if (argument.isEmpty() || words.length > 2) {
            reply("501 5.5.4 Syntax: AUTH mechanism [initial-response]");
            return;
        }
        String initialResponse = words.length == 2 ? words[1] : null;
        Sasl.Result result = switch (words[0].toUpperCase(Locale.ROOT)) {
            case "PLAIN" -> Sasl.plain(initialResponse, this::challenge);
            case "LOGIN" -> Sasl.login(initialResponse, this::challenge);
            default -> null;
        };
        if (result == null) {
            reply("504 5.5.4 Unrecognized authentication mechanism; use " + Sasl.MECHANISMS);
            return;
        }
        switch (result.outcome()) {
            case GIVEN -> authenticate(result.credentials());
            case CANCELLED -> reply("501 5.7.0 Authentication cancelled");
            case MALFORMED -> reply("501 5.5.2 Cannot decode response");
            case ENDED -> state = State.CLOSED;
        }
    }

    private String challenge(String base64) throws IOException {
        reply("334 " + base64);
        SmtpInput.Line line = input.read(SmtpInput.MAX_AUTH_LINE);
        return switch (line.kind()) {
            case LINE -> line.text().strip();
            case END -> null;
            case TOO_LONG, BARE_LF -> INVALID_RESPONSE;
        };
    }

    private void authenticate(Credentials credentials) throws IOException {
        AccessDecision decision;
        try {
            // password hashes (bcrypt) are slow on purpose
            decision = Blocking.call(() -> checker.check(access.withCredentials(credentials)));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
        if (decision.granted() && decision.user().isPresent()) {
            user = decision.user().get();
            LOG.info("SMTP client {} authenticated as {}", connection.remoteIp(), user);
            reply("235 2.7.0 Authentication successful");
            return;
        }
        if (decision.outcome() == AccessDecision.Outcome.ERROR) {
            reply("454 4.7.0 Temporary authentication failure");
            return;
        }
        authFailures++;
        reply("535 5.7.8 Authentication credentials invalid");
        if (authFailures >= MAX_AUTH_FAILURES) {
            reply("421 4.7.0 " + hostname + " Too many failed authentications; closing");
            state = State.CLOSED;
        }
    }

    // ---- replies ----

    private void reply(String line) throws IOException {
        write(line + "\r\n", line.charAt(0));
    }

    /** {@code 250-first}, {@code 250-...}, {@code 250 last}. */
    private void replyLines(String code, List<String> lines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            text.append(code).append(i < lines.size() - 1 ? '-' : ' ').append(lines.get(i)).append("\r\n");
        }
        write(text.toString(), code.charAt(0));
    }

    private void write(String text, char kind) throws IOException {
        if (kind == '4' || kind == '5') {
            errors++;
        }
        try (Brigade out = new Brigade()) {
            out.write(text);
            connection.output().flush(out);
        }
    }

    /** {@code text} with anything but printable ASCII as {@code ?}, fit for a header. */
    private static String printable(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            shown.append(c > 0x20 && c < 0x7f ? c : '?');
        }
        return shown.toString();
    }
}
