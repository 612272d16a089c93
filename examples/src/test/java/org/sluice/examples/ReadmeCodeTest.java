package org.sluice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's code samples are the repository's real, compiled and tested sources. */
class ReadmeCodeTest {

    private static final Pattern INCLUDE = Pattern.compile("<!-- include: (\\S+) -->\\n```java\\n(.*?)```\\n", Pattern.DOTALL);

    @Test
    void everyIncludedSampleIsIdenticalToItsSourceFile() throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        String readme = Files.readString(root.resolve("README.md"));
        Matcher m = INCLUDE.matcher(readme);
        int samples = 0;
        while (m.find()) {
            samples++;
            assertThat(m.group(2)).as(m.group(1)).isEqualTo(Files.readString(root.resolve(m.group(1))));
        }
        assertThat(samples).isGreaterThanOrEqualTo(4);
    }
}
