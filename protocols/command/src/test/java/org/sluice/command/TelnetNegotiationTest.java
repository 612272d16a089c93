package org.sluice.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sluice.telnet.Telnet.DO;
import static org.sluice.telnet.Telnet.DONT;
import static org.sluice.telnet.Telnet.ECHO;
import static org.sluice.telnet.Telnet.IAC;
import static org.sluice.telnet.Telnet.NAWS;
import static org.sluice.telnet.Telnet.NOP;
import static org.sluice.telnet.Telnet.SB;
import static org.sluice.telnet.Telnet.SE;
import static org.sluice.telnet.Telnet.SUPPRESS_GO_AHEAD;
import static org.sluice.telnet.Telnet.TERMINAL_TYPE;
import static org.sluice.telnet.Telnet.WILL;
import static org.sluice.telnet.Telnet.WONT;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.testing.TestServer;

/** A telnet client's negotiation is answered and never reaches the prompts or the commands. */
class TelnetNegotiationTest {

    @TempDir
    Path root;

    @BeforeEach
    void user() throws Exception {
        CommandServers.addUser(root, "dougm", "foobar");
    }

    @Test
    void passwordPromptIsWrappedInWillEchoAndWontEcho() throws Exception {
        try (TestServer server = CommandServers.start(root);
             CommandClient client = new CommandClient(server.port(0))) {
            client.readUntil("Login: ");
            client.send("dougm");
            client.readUntil("Password: ");
            byte[] beforePassword = client.rawBytes();
            assertThat(indexOf(beforePassword, IAC, WILL, ECHO))
                    .isGreaterThanOrEqualTo(0)
                    .isLessThan(indexOf(beforePassword, "Password: "));
            assertThat(indexOf(beforePassword, IAC, WONT, ECHO)).isNegative();

            client.sendRaw(bytes(IAC, DO, ECHO)); // the client agrees: it stops echoing
            client.send("foobar");
            client.readLineStartingWith("Available commands: ");
            byte[] all = client.rawBytes();
            assertThat(indexOf(all, IAC, WONT, ECHO)).isGreaterThan(indexOf(all, "Password: "));
            assertThat(client.telnetCommands()).containsExactly("WILL 1", "WONT 1");
        }
    }

    @Test
    void negotiationMixedIntoTheLinesIsAnsweredAndStripped() throws Exception {
        try (TestServer server = CommandServers.start(root);
             CommandClient client = new CommandClient(server.port(0))) {
            // what a telnet client on port 23 opens with, then a user name split by commands
            client.sendRaw(bytes(IAC, DO, SUPPRESS_GO_AHEAD, IAC, WILL, TERMINAL_TYPE, IAC, WILL, NAWS,
                    IAC, SB, NAWS, 0, 80, 0, 24, IAC, SE, IAC, DO, ECHO));
            client.readUntil("Login: ");
            ByteArrayOutputStream login = new ByteArrayOutputStream();
            login.writeBytes("dou".getBytes(StandardCharsets.US_ASCII));
            login.writeBytes(bytes(IAC, NOP, IAC, SB, TERMINAL_TYPE, 0, 'x', 't', 'e', 'r', 'm', IAC, SE));
            login.writeBytes("gm\r\n".getBytes(StandardCharsets.US_ASCII));
            client.sendRaw(login.toByteArray());
            client.readUntil("Password: ");
            // answers: agree to SUPPRESS-GO-AHEAD, refuse the rest; ECHO only once the password is asked for
            assertThat(client.telnetCommands()).startsWith("WILL 3", "DONT 24", "DONT 31", "WONT 1", "WILL 1");

            client.sendRaw(bytes(IAC, DO, ECHO));
            client.sendRaw("foo".getBytes(StandardCharsets.US_ASCII));
            client.sendRaw(bytes(IAC, NOP));
            client.sendRaw("bar\r\0".getBytes(StandardCharsets.US_ASCII)); // telnet's CR NUL for Enter
            client.readLineStartingWith("Available commands: ");
            client.sendRaw(bytes(IAC, DONT, ECHO)); // answer to WONT ECHO: not answered again

            client.sendRaw(bytes('w', IAC, NOP, 'h', 'o', '\r', '\n'));
            assertThat(client.readLine()).startsWith("dougm ");
            client.sendRaw(bytes(IAC, WILL, SUPPRESS_GO_AHEAD, 'q', 'u', 'i', 't', '\r', 0));
            assertThat(client.readLine()).isEqualTo("Bye.");
            assertThat(client.closedByServer()).isTrue();
            assertThat(client.telnetCommands())
                    .containsExactly("WILL 3", "DONT 24", "DONT 31", "WONT 1", "WILL 1", "WONT 1", "DO 3");
        }
    }

    @Test
    void doubledIacIsOneDataByte() throws Exception {
        try (TestServer server = CommandServers.start(root, "Require all granted", "");
             CommandClient client = new CommandClient(server.port(0))) {
            client.readLineStartingWith("Available commands: ");
            client.sendRaw(bytes('w', 'h', 'o', IAC, IAC, '\r', '\n'));
            assertThat(client.readLine()).startsWith("Unknown command 'who\uFFFD'");
        }
    }

    private static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return result;
    }

    private static int indexOf(byte[] haystack, int... needle) {
        return indexOf(haystack, bytes(needle));
    }

    private static int indexOf(byte[] haystack, String needle) {
        return indexOf(haystack, needle.getBytes(StandardCharsets.US_ASCII));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
