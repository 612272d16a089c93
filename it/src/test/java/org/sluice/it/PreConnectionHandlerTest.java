package org.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code PreConnectionHandler class}: a handler from a {@code ModulePath} jar refuses a client before the protocol runs. */
class PreConnectionHandlerTest {

    @TempDir
    Path directory;

    @Test
    void aHandlerNamedByClassThatRefusesTheClientClosesItsConnectionWithoutAReply() throws IOException {
        ServerRoot root = ServerRoot.copyOfDefault(directory);
        jarOf(RefuseLoopbackHandler.class, root.resolve("modules/refuse-loopback.jar"));
        root.write("conf/refuse.conf", """
                LoadModule echo
                ModulePath modules
                Listen ${REFUSING_PORT} echo
                Listen ${OPEN_PORT} echo
                <VirtualHost *:${REFUSING_PORT}>
                    ProtocolHandler echo
                    PreConnectionHandler %s
                </VirtualHost>
                <VirtualHost *:${OPEN_PORT}>
                    ProtocolHandler echo
                </VirtualHost>
                """.formatted(RefuseLoopbackHandler.class.getName()));
        try (SluiceProcess server = SluiceProcess.builder(root.path())
                .port("REFUSING_PORT").port("OPEN_PORT").args("-f", "conf/refuse.conf").start()) {
            try (LineClient refused = LineClient.connect(server.port("REFUSING_PORT"))) {
                assertThat(refused.isClosedByServer()).as("EOF without data").isTrue();
            }
            try (LineClient served = LineClient.connect(server.port("OPEN_PORT"))) {
                assertThat(served.exchange("Hello")).isEqualTo("Hello");
            }
            assertThat(server.stop()).isZero();
        }
    }

    /** Writes a jar holding {@code type}'s class file, as a module author would ship it. */
    private static void jarOf(Class<?> type, Path jar) throws IOException {
        String entry = type.getName().replace('.', '/') + ".class";
        Files.createDirectories(jar.getParent());
        try (InputStream classFile = type.getClassLoader().getResourceAsStream(entry);
                OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file)) {
            assertThat(classFile).as(entry).isNotNull();
            out.putNextEntry(new JarEntry(entry));
            classFile.transferTo(out);
            out.closeEntry();
        }
    }
}
