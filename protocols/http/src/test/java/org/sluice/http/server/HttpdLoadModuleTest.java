package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.config.ConfigException;
import org.sluice.testing.TestServer;

/**
 * httpd's {@code LoadModule foo_module modules/mod_foo.so}, as its configurations write it: the
 * Sluice module that stands in for mod_foo is loaded (once, however many lines name it), and an
 * httpd module nothing stands in for is refused at its line.
 */
class HttpdLoadModuleTest {

    @TempDir
    Path root;

    @Test
    void loadModuleByHttpdsNameLoadsTheModuleStandingInForIt() throws Exception {
        TestServer.check(root, "LoadModule mime_module /usr/lib/apache2/modules/mod_mime.so\n"
                + "LoadModule dir_module /usr/lib/apache2/modules/mod_dir.so\nAddType text/x-foo .foo\n");
    }

    @Test
    void loadModuleOfAnHttpdModuleNothingStandsInForIsRefused() {
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\n"
                + "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).startsWith("Cannot load mpm_event_module"
                            + " (/usr/lib/apache2/modules/mod_mpm_event.so): Sluice has no module that stands in for"
                            + " httpd's mod_mpm_event; remove the line");
                    assertThat(e.location().line()).isEqualTo(2);
                });
    }
}
