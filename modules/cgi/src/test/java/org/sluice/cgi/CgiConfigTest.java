package org.sluice.cgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.config.ConfigException;
import org.sluice.testing.TestServer;

/** The module's directives and how httpd's configurations find it. */
class CgiConfigTest extends CgiTestBase {

    private static final String HELLO = "#!/bin/sh\necho 'Content-Type: text/plain'\necho\necho \"script $SCRIPT_NAME\"\n";

    @Test
    void ifModuleSectionsForModCgiAndModCgidHold() throws Exception {
        start("""
                <IfModule mod_cgi.c>
                    Header always set X-Cgi yes
                </IfModule>
                <IfModule mod_cgid.c>
                    Header always set X-Cgid yes
                </IfModule>
                <IfModule cgid_module>
                    Header always set X-Cgid-Module yes
                </IfModule>
                """);
        htdocs("a.txt", "a");

        var response = get("/a.txt");

        assertThat(response.headers().firstValue("X-Cgi")).hasValue("yes");
        assertThat(response.headers().firstValue("X-Cgid")).hasValue("yes");
        assertThat(response.headers().firstValue("X-Cgid-Module")).hasValue("yes");
    }

    @Test
    void httpdsLoadModuleLinesLoadIt(@TempDir Path other) throws Exception {
        TestServer.check(other, "LoadModule http\nLoadModule cgid_module modules/mod_cgid.so\n"
                + "LoadModule cgi_module modules/mod_cgi.so\nScriptAlias /cgi-bin/ /usr/lib/cgi-bin/\n");
    }

    @Test
    void withoutTheModuleScriptAliasIsUnknown(@TempDir Path other) {
        assertThatThrownBy(() -> TestServer.check(other, "LoadModule http\nScriptAlias /cgi-bin/ /usr/lib/cgi-bin/\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid command 'ScriptAlias'");
    }

    @Test
    void aliasesAndScriptAliasesAreTriedInConfigurationOrder() throws Exception {
        Files.createDirectories(root.resolve("static"));
        Files.writeString(root.resolve("static/hello.sh"), "the source");
        // the base configuration has ScriptAlias /cgi-bin/ before these lines
        start("Alias /tools/static/ static/\nScriptAlias /tools/ cgi-bin/\nAlias /cgi-bin/static/ static/\n"
                + "ScriptAliasMatch ^/run/(.*)$ cgi-bin/$1\n");
        script("cgi-bin/hello.sh", HELLO);

        assertThat(get("/tools/hello.sh").body()).isEqualTo("script /tools/hello.sh\n");
        assertThat(get("/tools/static/hello.sh").body()).isEqualTo("the source");
        assertThat(get("/cgi-bin/static/hello.sh").statusCode()).isEqualTo(404);
        assertThat(get("/run/hello.sh").body()).isEqualTo("script /run/hello.sh\n");
    }

    @Test
    void aBadCgiScriptTimeoutIsRefusedAtItsLine(@TempDir Path other) {
        assertThatThrownBy(() -> TestServer.check(other, "LoadModule http\nLoadModule cgi\nCGIScriptTimeout soon\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.location().line()).isEqualTo(3))
                .hasMessageContaining("CGIScriptTimeout: 'soon' is not a time");
    }

    @Test
    void cgiPassAuthIsForSectionsAndAccessFiles(@TempDir Path other) {
        assertThatThrownBy(() -> TestServer.check(other, "LoadModule http\nLoadModule cgi\nCGIPassAuth On\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("CGIPassAuth");
    }
}
