package org.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HttpHeadersTest {

    private final HttpHeaders headers = HttpHeaders.builder()
            .add("Content-Type", "text/html")
            .add("Cache-Control", "no-cache")
            .add("cache-control", "no-store")
            .add("Connection", "keep-alive, Upgrade")
            .build();

    @Test
    void looksUpNamesIgnoringCase() {
        assertThat(headers.get("CONTENT-TYPE")).isEqualTo("text/html");
        assertThat(headers.get("Missing")).isNull();
        assertThat(headers.contains("content-type")).isTrue();
    }

    @Test
    void keepsEveryValueOfARepeatedFieldInOrder() {
        assertThat(headers.all("Cache-Control")).containsExactly("no-cache", "no-store");
        assertThat(headers.count("CACHE-CONTROL")).isEqualTo(2);
        assertThat(headers.size()).isEqualTo(4);
    }

    @Test
    void findsTokensInCommaSeparatedLists() {
        assertThat(headers.containsToken("connection", "upgrade")).isTrue();
        assertThat(headers.containsToken("Connection", "keep")).isFalse();
    }

    @Test
    void builderSetReplacesEveryFieldOfThatName() {
        HttpHeaders changed = headers.toBuilder().set("CACHE-CONTROL", "max-age=60").build();

        assertThat(changed.all("Cache-Control")).containsExactly("max-age=60");
        assertThat(changed.fields()).extracting(HttpHeaders.Field::name)
                .containsExactly("Content-Type", "Connection", "CACHE-CONTROL");
        assertThat(headers.count("Cache-Control")).as("the original is unchanged").isEqualTo(2);
    }

    @Test
    void isImmutable() {
        assertThatThrownBy(() -> headers.fields().add(new HttpHeaders.Field("X", "y")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesAnEmptyName() {
        assertThatThrownBy(() -> HttpHeaders.builder().add("", "v")).isInstanceOf(IllegalArgumentException.class);
    }
}
