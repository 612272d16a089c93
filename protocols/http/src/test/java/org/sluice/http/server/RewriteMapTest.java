package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code RewriteMap} and {@code ${map:key|default}}, through a real server, answered as httpd
 * 2.4 answers the same configuration and request.
 */
class RewriteMapTest extends HttpServerTestBase {

    private static final String MAP = "alpha one\n# comment\nbeta two # trailing words\n  gamma three\ndelta\n"
            + "epsilon five\nalpha dup\n";

    @Test
    void aTxtMapGivesTheFirstValueOfTheKeyElseTheDefault() throws Exception {
        Path map = Files.writeString(root.resolve("map.txt"), MAP);
        start("RewriteEngine On\nRewriteMap m txt:" + map + "\nRewriteRule ^/m/(.*) /show?v=${m:$1|none} [R,L]\n");

        assertThat(location("/m/alpha")).endsWith("/show?v=one");
        assertThat(location("/m/beta")).endsWith("/show?v=two");
        assertThat(location("/m/epsilon")).endsWith("/show?v=five");
        // an indented line is a comment; a key without a value is no entry
        assertThat(location("/m/gamma")).endsWith("/show?v=none");
        assertThat(location("/m/delta")).endsWith("/show?v=none");
        assertThat(location("/m/unknown")).endsWith("/show?v=none");
    }

    @Test
    void aMapWithoutATypeIsATxtMap() throws Exception {
        Path map = Files.writeString(root.resolve("map.txt"), MAP);
        start("RewriteEngine On\nRewriteMap m " + map + "\nRewriteRule ^/m/(.*) /show?v=${m:$1} [R,L]\n");

        assertThat(location("/m/alpha")).endsWith("/show?v=one");
    }

    @Test
    void aTxtMapIsReadAgainWhenTheFileChanges() throws Exception {
        Path map = Files.writeString(root.resolve("map.txt"), "key old\n");
        start("RewriteEngine On\nRewriteMap m txt:" + map + "\nRewriteRule ^/m/(.*) /show?v=${m:$1} [R,L]\n");
        assertThat(location("/m/key")).endsWith("/show?v=old");

        FileTime before = Files.getLastModifiedTime(map);
        Files.writeString(map, "key new\n");
        Files.setLastModifiedTime(map, FileTime.fromMillis(before.toMillis() + 2000));

        assertThat(location("/m/key")).endsWith("/show?v=new");
    }

    @Test
    void aLineLongerThan1024BytesIsReadAsSeveralLinesAsInHttpd() throws Exception {
        Path map = Files.writeString(root.resolve("map.txt"), "long " + "a".repeat(1019) + "next value\nafter ok\n");
        start("RewriteEngine On\nRewriteMap m txt:" + map + "\nRewriteRule ^/m/(.*) /show?v=${m:$1} [R,L]\n");

        assertThat(location("/m/long")).endsWith("/show?v=" + "a".repeat(1019));
        assertThat(location("/m/next")).endsWith("/show?v=value");
        assertThat(location("/m/after")).endsWith("/show?v=ok");
    }

    @Test
    void aMapFileThatIsGoneGivesTheDefault() throws Exception {
        Path map = Files.writeString(root.resolve("map.txt"), "key value\n");
        start("RewriteEngine On\nRewriteMap m txt:" + map + "\nRewriteRule ^/m/(.*) /show?v=${m:$1|none} [R,L]\n");
        assertThat(location("/m/key")).endsWith("/show?v=value");

        Files.delete(map);

        assertThat(location("/m/key")).endsWith("/show?v=none");
    }

    @Test
    void aMapFileThatGrowsPastTheBoundGivesTheDefault() throws Exception {
        Path map = Files.writeString(root.resolve("map.txt"), "key value\n");
        start("RewriteEngine On\nRewriteMap m txt:" + map + "\nRewriteRule ^/m/(.*) /show?v=${m:$1|none} [R,L]\n");
        assertThat(location("/m/key")).endsWith("/show?v=value");

        try (RandomAccessFile file = new RandomAccessFile(map.toFile(), "rw")) {
            file.setLength((16L << 20) + 1);
        }

        assertThat(location("/m/key")).endsWith("/show?v=none");
    }

    @Test
    void aRndMapPicksEachOfTheChoices() throws Exception {
        Path map = Files.writeString(root.resolve("servers.txt"), "static a|b|c\n");
        start("RewriteEngine On\nRewriteMap servers rnd:" + map
                + "\nRewriteRule ^/r/(.*) http://${servers:$1}.example.com/ [R,L]\n");

        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            seen.add(location("/r/static"));
        }

        // one in 10^17 that 100 picks miss one of three choices
        assertThat(seen).containsExactlyInAnyOrder("http://a.example.com/", "http://b.example.com/",
                "http://c.example.com/");
    }

    @Test
    void theInternalMapsChangeTheCaseOfAsciiLetters() throws Exception {
        start("RewriteEngine On\nRewriteMap up int:toupper\nRewriteMap lo int:tolower\n"
                + "RewriteRule ^/up/(.*) /show/${up:$1} [R,L]\nRewriteRule ^/lo/(.*) /show/${lo:$1} [R,L]\n");

        assertThat(location("/up/aBc%C3%A9")).endsWith("/show/ABC%c3%a9");
        assertThat(location("/lo/aBc")).endsWith("/show/abc");
    }

    @Test
    void theInternalMapsEscapeAndUnescape() throws Exception {
        start("RewriteEngine On\nRewriteMap esc int:escape\nRewriteMap unesc int:unescape\n"
                + "RewriteRule ^/esc/(.*) /show/${esc:$1} [R,NE,L]\n"
                + "RewriteRule ^/unesc/(.*) /show/${unesc:$1} [R,NE,L]\n");

        assertThat(location("/esc/a%20b%25c")).endsWith("/show/a%20b%25c");
        // the path is decoded once by the server, once by the map; %00 ends the value, as in httpd
        assertThat(location("/unesc/a%2541%252F%2500b")).endsWith("/show/aA/");
    }

    @Test
    void aLookUpNestsInTheKeyAndTheDefaultOfAnother() throws Exception {
        Path map = Files.writeString(root.resolve("map.txt"), "alpha one\none uno\n");
        start("RewriteEngine On\nRewriteMap m txt:" + map + "\nRewriteMap up int:toupper\n"
                + "RewriteRule ^/n/(.*) /show?v=${m:${m:$1}|x${up:$1}} [R,L]\n");

        assertThat(location("/n/alpha")).endsWith("/show?v=uno");
        assertThat(location("/n/foo")).endsWith("/show?v=xFOO");
    }

    @Test
    void aMapThatIsNotDefinedGivesTheDefaultAsInHttpd() throws Exception {
        start("RewriteEngine On\nRewriteRule ^/u/(.*) /show?v=${nomap:$1|fallback}&w=${nomap:$1} [R,L]\n");

        assertThat(location("/u/alpha")).endsWith("/show?v=fallback&w=");
    }

    @Test
    void aConditionsTestStringLooksUpAMap() throws Exception {
        Path map = Files.writeString(root.resolve("blocked.txt"), "10.0.0.1 deny\n127.0.0.1 deny\n");
        start("RewriteEngine On\nRewriteMap blocked txt:" + map + "\n"
                + "RewriteCond ${blocked:%{REMOTE_ADDR}|allow} =deny\nRewriteRule ^ - [F]\n");
        htdocs("a.txt", "a");

        assertThat(get("/a.txt").statusCode()).isEqualTo(403);
    }

    @Test
    void aQuestionMarkAMapGivesBeforeTheSubstitutionsOwnIsRefused() throws Exception {
        Path map = Files.writeString(root.resolve("map.txt"), "q a?b\n");
        start("RewriteEngine On\nRewriteMap m txt:" + map + "\nRewriteRule ^/q/(.*) /one${m:$1} [L]\n");

        assertThat(get("/q/q").statusCode()).isEqualTo(403);
    }

    @Test
    void aVirtualHostUsesTheMainServersMapsOnlyWithInherit() throws Exception {
        String rule = "RewriteRule ^/up/(.*) /show/${up:$1|none} [R,L]\n";
        start("RewriteEngine On\nRewriteMap up int:toupper\n"
                + "<VirtualHost *:" + port + ">\nServerName plain.test\nRewriteEngine On\n" + rule + "</VirtualHost>\n"
                + "<VirtualHost *:" + port + ">\nServerName inherit.test\nRewriteEngine On\nRewriteOptions Inherit\n"
                + rule + "</VirtualHost>\n");

        assertThat(forHost("/up/abc", "plain.test")).contains("/show/none\r\n");
        assertThat(forHost("/up/abc", "inherit.test")).contains("/show/ABC\r\n");
    }

    @Test
    void theRulesOfAnAccessFileUseTheServersMaps() throws Exception {
        start("<Directory htdocs>\nAllowOverride FileInfo\n</Directory>\nRewriteMap lo int:tolower\n");
        htdocs("app/.htaccess", "RewriteEngine On\nRewriteRule ^(.*)\\.TXT$ ${lo:$1}.txt [L]\n");
        htdocs("app/page.txt", "page");

        assertThat(get("/app/PAGE.TXT").body()).isEqualTo("page");
    }

    private String location(String path) throws Exception {
        return get(path).headers().firstValue("Location").orElse("(none)");
    }

    private String forHost(String path, String host) throws Exception {
        return raw("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    }
}
