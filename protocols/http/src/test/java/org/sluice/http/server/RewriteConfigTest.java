package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sluice.config.ConfigException;
import org.sluice.testing.TestServer;

/** mod_rewrite's directives refuse a mistake, or what Sluice does not implement, at its line. */
class RewriteConfigTest {

    @TempDir
    Path root;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "RewriteRule ^a|RewriteRule: bad argument line '^a'",
        "RewriteCond %{X}|RewriteCond: bad argument line '%{X}'",
        "RewriteRule ^a b c|RewriteRule: bad flag delimiters",
        "RewriteRule ^a b [L|RewriteRule: bad flag delimiters",
        "RewriteRule ^a b [X]|RewriteRule: unknown flag 'X'",
        "RewriteCond %{X} ^a [Y]|RewriteCond: unknown flag 'Y'",
        "RewriteRule ^(a b|RewriteRule: cannot compile regular expression '^(a'",
        "RewriteCond %{X} (a|RewriteCond: cannot compile regular expression '(a'",
        "RewriteRule ^a b [R=999]|RewriteRule: invalid HTTP response code '999' for flag 'R'",
        "RewriteBase /x|RewriteBase: only valid in per-directory config files",
        "RewriteOptions Foo|RewriteOptions: unknown option 'Foo'",
        "RewriteEngine maybe|RewriteEngine must be On or Off",
        "RewriteRule ^a b [BNE]|RewriteRule: flag 'BNE' wants a list of characters (i.e. [BNE=...])",
        "RewriteRule ^a b [backrefnoplus]|RewriteRule: unknown flag 'backrefnoplus'",
        "RewriteMap m int:ToUpper|RewriteMap: internal map not found:ToUpper",
        "RewriteMap m txt:/nonexistent/map.txt|RewriteMap: file for map m not found:/nonexistent/map.txt",
        "RewriteMap m /nonexistent/map.txt|RewriteMap: file for map m not found:/nonexistent/map.txt",
        "RewriteMap m|RewriteMap takes two or three arguments, a mapname and a filename and options",
    })
    void mistakesAreRefusedAtTheirLineInHttpdsWords(String directive, String message) {
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\n" + directive + "\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.location().line()).isEqualTo(2);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "RewriteMap m prg:/bin/cat|RewriteMap: prg: maps are not supported by Sluice",
        "RewriteMap m dbm:/x|RewriteMap: dbm maps are not supported by Sluice",
        "RewriteMap m dbm=db:/x|RewriteMap: dbm maps are not supported by Sluice",
        "RewriteMap m \"dbd:SELECT v FROM t\"|RewriteMap types dbd and fastdbd are not supported by Sluice",
        "RewriteMap m \"fastdbd:SELECT v FROM t\"|RewriteMap types dbd and fastdbd are not supported by Sluice",
        "RewriteCond %{REQUEST_URI} -U|RewriteCond: -U is not supported by Sluice",
        "RewriteCond expr \"true\"|RewriteCond: expr is not supported by Sluice",
        "RewriteCond %{LA-U:REMOTE_USER} x|RewriteCond: variable '%{LA-U:REMOTE_USER}' is not supported by Sluice",
        "RewriteOptions AllowNoSlash|RewriteOptions: option 'AllowNoSlash' is not supported by Sluice",
    })
    void whatSluiceDoesNotImplementIsRefusedAtItsLine(String directive, String message) {
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\n" + directive + "\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.location().line()).isEqualTo(2);
                    assertThat(e.getMessage()).startsWith(message);
                });
    }

    @Test
    void aMapFileLargerThanTheBoundIsRefused() throws Exception {
        Path map = root.resolve("big.map");
        try (RandomAccessFile file = new RandomAccessFile(map.toFile(), "rw")) {
            file.setLength((16L << 20) + 1);
        }

        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\nRewriteMap big txt:" + map + "\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.location().line()).isEqualTo(2);
                    assertThat(e.getMessage()).startsWith("RewriteMap: file for map big is larger than Sluice reads");
                });
    }

    @Test
    void aLookUpOfAMapDefinedAfterTheRuleIsAccepted() throws Exception {
        TestServer.check(root, "LoadModule http\nRewriteRule ^/(.*) /${up:$1}\nRewriteMap up int:toupper\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<Location /a>|</Location>",
        "<Files x>|</Files>",
        "<DirectoryMatch ^/srv>|</DirectoryMatch>",
    })
    void rulesOutsideDirectorySectionsAreRefused(String open, String close) {
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\n" + open + "\nRewriteRule ^a b\n" + close + "\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.location().line()).isEqualTo(3);
                    assertThat(e.getMessage()).startsWith("RewriteRule is not supported by Sluice in <Location>");
                });
    }
}
