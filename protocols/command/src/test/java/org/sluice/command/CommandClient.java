package org.sluice.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.sluice.telnet.Telnet;

/**
 * A raw-socket client of the command server: separates the server's telnet commands from its
 * text, so tests can assert on both, and sends lines or raw bytes.
 */
final class CommandClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    /** Every byte received, commands included. */
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    /** Text received and not yet consumed by a read method. */
    private final StringBuilder text = new StringBuilder();
    /** Each telnet command received, as text like "WILL 1", in order. */
    private final List<String> events = new ArrayList<>();

    CommandClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Sends {@code line} and CRLF. */
    CommandClient send(String line) throws IOException {
        return sendRaw((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    CommandClient sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Reads until the text received ends with {@code marker}; returns the text before it and consumes both. */
    String readUntil(String marker) throws IOException {
        while (true) {
            int at = text.indexOf(marker);
            if (at >= 0) {
                String before = text.substring(0, at);
                text.delete(0, at + marker.length());
                return before;
            }
            if (!receive()) {
                throw new IOException("connection closed before '" + marker + "'; got: " + text);
            }
        }
    }

    /** The next line, without its CRLF. */
    String readLine() throws IOException {
        String line = readUntil("\n");
        assertThat(line).as("every line ends with CRLF").endsWith("\r");
        return line.substring(0, line.length() - 1);
    }

    /** Reads lines until one starts with {@code prefix}; returns it. */
    String readLineStartingWith(String prefix) throws IOException {
        while (true) {
            String line = readLine();
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** Logs in and reads up to the list of commands. */
    CommandClient login(String user, String password) throws IOException {
        readUntil("Login: ");
        send(user);
        readUntil("Password: ");
        send(password);
        readLineStartingWith("Available commands: ");
        return this;
    }

    /** Sends a command and reads the given number of lines of its answer. */
    List<String> command(String command, int lines) throws IOException {
        send(command);
        List<String> result = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            result.add(readLine());
        }
        return result;
    }

    /** True if the server closes the connection (after sending whatever text). */
    boolean closedByServer() throws IOException {
        try {
            while (receive()) {
                // drain
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** The telnet commands received so far, e.g. {@code [WILL 1, WONT 1]}. */
    List<String> telnetCommands() {
        return List.copyOf(events);
    }

    /** The text received but not yet consumed. */
    String pendingText() {
        return text.toString();
    }

    byte[] rawBytes() {
        return raw.toByteArray();
    }

    private int state;
    private int verb;

    /** Reads what is available; false at end of stream. */
    private boolean receive() throws IOException {
        byte[] buffer = new byte[4096];
        int n = in.read(buffer);
        if (n < 0) {
            return false;
        }
        raw.write(buffer, 0, n);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            int b = buffer[i] & 0xff;
            switch (state) {
                case 0 -> {
                    if (b == Telnet.IAC) {
                        state = 1;
                    } else {
                        data.write(b);
                    }
                }
                case 1 -> {
                    if (b >= Telnet.WILL && b <= Telnet.DONT) {
                        verb = b;
                        state = 2;
                    } else {
                        events.add("IAC " + b);
                        state = 0;
                    }
                }
                default -> {
                    String name = switch (verb) {
                        case Telnet.WILL -> "WILL";
                        case Telnet.WONT -> "WONT";
                        case Telnet.DO -> "DO";
                        default -> "DONT";
                    };
                    events.add(name + " " + b);
                    state = 0;
                }
            }
        }
        flushText(data);
        return true;
    }

    private void flushText(ByteArrayOutputStream data) {
        text.append(data.toString(StandardCharsets.UTF_8));
        data.reset();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
