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
                + "LoadModule mpm_prefork_module /usr/lib/apache2/modules/mod_mpm_prefork.so\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).startsWith("Cannot load mpm_prefork_module"
                            + " (/usr/lib/apache2/modules/mod_mpm_prefork.so): Sluice has no module that stands in for"
                            + " httpd's mod_mpm_prefork; remove the line");
                    assertThat(e.location().line()).isEqualTo(2);
                });
    }

    @Test
    void theEventMpmAndItsDirectivesAreTakenAsDebianWritesThem() throws Exception {
        // Debian's mods-available/mpm_event.load and .conf
        TestServer.check(root, "LoadModule http\n"
                + "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\n"
                + "<IfModule mpm_event_module>\nStartServers 2\nMinSpareThreads 25\nMaxSpareThreads 75\n"
                + "ThreadLimit 64\nThreadsPerChild 25\nMaxRequestWorkers 150\nMaxConnectionsPerChild 0\n</IfModule>\n");
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\nThreadsPerChild many\n"))
                .hasMessageContaining("ThreadsPerChild must be a number, not 'many'");
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\nMaxRequestWorkers 0\n"))
                .hasMessageContaining("MaxRequestWorkers takes a whole number of at least 1");
    }
}
