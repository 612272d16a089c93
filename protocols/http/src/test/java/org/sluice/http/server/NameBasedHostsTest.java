package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Name-based virtual hosts as in Apache 2.4: each request goes to the host its {@code Host}
 * names ({@code ServerName} or {@code ServerAlias}, any case, any port), a name no host has to
 * the first host on the address, and every request of a kept-alive connection is placed anew.
 */
class NameBasedHostsTest extends HttpServerTestBase {

    @Test
    void eachRequestOfAConnectionGoesToTheHostItNames() throws Exception {
        Path one = page("one", "first host");
        Path two = page("two", "second host");
        start("<VirtualHost 127.0.0.1:*>\nServerName one.example\nDocumentRoot " + one + "\n</VirtualHost>\n"
                + "<VirtualHost 127.0.0.1:*>\nServerName two.example\nServerAlias *.two.example\n"
                + "DocumentRoot " + two + "\n</VirtualHost>\n");

        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();

            assertThat(body(ask(out, in, "one.example"))).isEqualTo("first host");
            assertThat(body(ask(out, in, "two.example"))).isEqualTo("second host");
            assertThat(body(ask(out, in, "two.example"))).isEqualTo("second host");
            assertThat(body(ask(out, in, "ONE.Example:" + port))).isEqualTo("first host");
            assertThat(body(ask(out, in, "www.two.example"))).isEqualTo("second host");
            assertThat(body(ask(out, in, "nobody.example"))).isEqualTo("first host");
            assertThat(body(ask(out, in, "www.two.example"))).isEqualTo("second host");
            // a fully qualified name's root dot names the same host
            assertThat(body(ask(out, in, "two.example."))).isEqualTo("second host");
            assertThat(body(ask(out, in, "two.example.:" + port))).isEqualTo("second host");
        }
    }

    @Test
    void hostsForTheExactAddressAreTheOnlyCandidatesAsInHttpd() throws Exception {
        Path exact = page("exact", "exact address");
        Path wild = page("wild", "any address");
        start("<VirtualHost *:*>\nServerName wild.example\nDocumentRoot " + wild + "\n</VirtualHost>\n"
                + "<VirtualHost 127.0.0.1:*>\nServerName exact.example\nDocumentRoot " + exact + "\n</VirtualHost>\n");

        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            // the connection came to 127.0.0.1: a *:* host is not chosen, even by its name
            assertThat(body(ask(socket.getOutputStream(), socket.getInputStream(), "wild.example"))).isEqualTo("exact address");
        }
    }

    @Test
    void aHostWithTwoDotsInARowIsRefused() throws Exception {
        start("");

        assertThat(raw("GET / HTTP/1.1\r\nHost: two..example\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 400 ");
    }

    private Path page(String directory, String content) throws Exception {
        Path dir = Files.createDirectories(root.resolve(directory));
        Files.writeString(dir.resolve("who.txt"), content, StandardCharsets.UTF_8);
        return dir;
    }

    private static String ask(OutputStream out, InputStream in, String host) throws Exception {
        out.write(("GET /who.txt HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String response = readResponse(in);
        assertThat(response).startsWith("HTTP/1.1 200 ");
        return response;
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }
}
