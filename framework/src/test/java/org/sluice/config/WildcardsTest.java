package org.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** httpd's fnmatch-style patterns, as {@code <Files>} and {@code ServerAlias} use them. */
class WildcardsTest {

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource({
        "*.html, index.html, true",
        "*.html, index.htm, false",
        "?.txt, a.txt, true",
        "?.txt, ab.txt, false",
        "*.ht[ma]*, x.html, true",
        "*.[!h]*, x.txt, true",
        "*.[!h]*, x.html, false",
        "*.[^h]*, x.html, false",
        "[a-c]*, banana, true",
        "[a-c]*, dog, false",
        "a[b, a[b, true",
        "*.example.org, www.example.org, true",
        "*, '', true",
    })
    void matchesAsHttpd(String pattern, String text, boolean expected) {
        assertThat(Wildcards.matches(pattern, text)).isEqualTo(expected);
    }

    @Test
    void leadingDotAndEscapesOnlyWhenAsked() {
        assertThat(Wildcards.matches("*", ".hidden")).isTrue();
        assertThat(Wildcards.matches("*", ".hidden", true, false)).isFalse();
        assertThat(Wildcards.matches("a\\*", "a*", false, true)).isTrue();
        assertThat(Wildcards.matches("a\\*", "ab", false, true)).isFalse();
    }

    @Test
    void manyStarsAgainstALongNameAnswer() {
        // backtracking into every star would take far longer than the test run
        String name = "a.".repeat(2_000) + "a";
        assertThat(Wildcards.matches("*a*a*a*a*a*a*a*a*a*a*b", name)).isFalse();
        assertThat(Wildcards.matches("*a*a*a*a*a*a*a*a*a*a*a", name)).isTrue();
    }
}
