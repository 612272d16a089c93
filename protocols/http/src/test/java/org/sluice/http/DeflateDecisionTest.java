package org.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sluice.http.DeflateDecision.Action;
import org.sluice.http.DeflateDecision.EtagMode;
import org.sluice.http.DeflateDecision.Result;

class DeflateDecisionTest {

    private static final DeflateDecision DECISION = DeflateDecision.defaults();

    private static HttpHeaders headers(String... namesAndValues) {
        HttpHeaders.Builder builder = HttpHeaders.builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            builder.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return builder.build();
    }

    private static final HttpHeaders PAGE = headers(
            "Content-Type", "text/html", "Content-Length", "5000", "ETag", "\"5e-1388\"");

    @ParameterizedTest(name = "Accept-Encoding: {0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        "NONE                          | false",
        "''                            | false",
        "gzip                          | true",
        "GZIP                          | true",
        "x-gzip                        | true",
        "gzip, deflate, br, zstd       | true",
        "br;q=1.0, gzip;q=0.8, *;q=0.1 | true",
        "gzip;q=0                      | false",
        "gzip;q=0.000                  | false",
        "gzip ; q=0.001                | true",
        "gzip;Q=1                      | true",
        "identity                      | false",
        "deflate, br                   | false",
        "*                             | true",
        "*;q=0                         | false",
        "gzip;q=0, *                   | false",
        "*;q=0, gzip                   | true",
        "gzip;q=0.5                    | true",
        "gzip;q=0.5, identity          | false",
        "gzip, identity;q=0.5          | true",
        "identity;q=0, gzip;q=0.2      | true",
        "gzip;q=2                      | false",
        "gzip;q=1.5                    | false",
        "gzip;q=abc                    | false",
        "gzip;level=1                  | true",
    })
    void acceptEncodingTable(String acceptEncoding, boolean accepted) {
        assertThat(DeflateDecision.acceptsGzip(acceptEncoding)).isEqualTo(accepted);
    }

    @Test
    void aLargeEnoughBodyForAGzipClientIsCompressed() {
        Result result = DECISION.decide("GET", "gzip, deflate", 200, PAGE);

        assertThat(result.action()).isEqualTo(Action.COMPRESS);
        assertThat(result.compress()).isTrue();
        assertThat(result.headers().get("Content-Encoding")).isEqualTo("gzip");
        assertThat(result.headers().contains("Content-Length")).isFalse();
        assertThat(result.headers().get("Vary")).isEqualTo("Accept-Encoding");
        assertThat(result.headers().get("ETag")).isEqualTo("\"5e-1388-gzip\"");
        assertThat(result.headers().get("Content-Type")).isEqualTo("text/html");
    }

    @Test
    void aBodyOfUnknownLengthIsCompressed() {
        Result result = DECISION.decide("GET", "gzip", 200, headers("Content-Type", "text/html"));

        assertThat(result.action()).isEqualTo(Action.COMPRESS);
    }

    @Test
    void aClientThatDoesNotAcceptGzipGetsTheIdentityButTheResponseVaries() {
        Result result = DECISION.decide("GET", "gzip;q=0", 200, PAGE);

        assertThat(result.action()).isEqualTo(Action.IDENTITY);
        assertThat(result.headers().get("Vary")).isEqualTo("Accept-Encoding");
        assertThat(result.headers().get("Content-Length")).isEqualTo("5000");
        assertThat(result.headers().get("ETag")).isEqualTo("\"5e-1388\"");
        assertThat(result.headers().contains("Content-Encoding")).isFalse();
    }

    @Test
    void aRequestWithoutAcceptEncodingGetsTheIdentity() {
        assertThat(DECISION.decide("GET", (String) null, 200, PAGE).action()).isEqualTo(Action.IDENTITY);
        assertThat(DECISION.decide("GET", List.of(), 200, PAGE).action()).isEqualTo(Action.IDENTITY);
    }

    @Test
    void severalAcceptEncodingLinesCountTogether() {
        assertThat(DECISION.decide("GET", List.of("br", "gzip"), 200, PAGE).action()).isEqualTo(Action.COMPRESS);
        assertThat(DECISION.decide("GET", List.of("*", "gzip;q=0"), 200, PAGE).action()).isEqualTo(Action.IDENTITY);
    }

    @ParameterizedTest(name = "status {0}")
    @CsvSource({"101", "204", "205"})
    void responsesWithoutABodyAreLeftAlone(int status) {
        Result result = DECISION.decide("GET", "gzip", status, PAGE);

        assertThat(result.action()).isEqualTo(Action.IDENTITY);
        assertThat(result.headers()).isSameAs(PAGE);
    }

    @Test
    void partialContentIsLeftAlone() {
        HttpHeaders partial = PAGE.toBuilder().add("Content-Range", "bytes 0-99/5000").build();

        assertThat(DECISION.decide("GET", "gzip", 206, partial).headers()).isSameAs(partial);
        assertThat(DECISION.decide("GET", "gzip", 206, partial).action()).isEqualTo(Action.IDENTITY);
        assertThat(DECISION.decide("GET", "gzip", 200, partial).action()).isEqualTo(Action.IDENTITY);
    }

    @Test
    void anAlreadyEncodedResponseIsLeftAlone() {
        HttpHeaders encoded = PAGE.toBuilder().add("Content-Encoding", "br").build();

        Result result = DECISION.decide("GET", "gzip, br", 200, encoded);

        assertThat(result.action()).isEqualTo(Action.IDENTITY);
        assertThat(result.headers()).isSameAs(encoded);
    }

    @Test
    void contentEncodingIdentityIsReplacedByGzip() {
        HttpHeaders identity = PAGE.toBuilder().add("Content-Encoding", "identity").build();

        Result result = DECISION.decide("GET", "gzip", 200, identity);

        assertThat(result.action()).isEqualTo(Action.COMPRESS);
        assertThat(result.headers().all("Content-Encoding")).containsExactly("gzip");
    }

    @Test
    void noTransformIsRespected() {
        HttpHeaders noTransform = PAGE.toBuilder().add("Cache-Control", "public, no-transform").build();

        assertThat(DECISION.decide("GET", "gzip", 200, noTransform).headers()).isSameAs(noTransform);
    }

    @Test
    void aBodyBelowTheMinimumLengthIsSentAsItIs() {
        HttpHeaders small = headers("Content-Length", "13", "ETag", "\"d-1\"");

        Result result = DECISION.decide("GET", "gzip", 200, small);

        assertThat(result.action()).isEqualTo(Action.IDENTITY);
        assertThat(result.headers().get("Content-Length")).isEqualTo("13");
        assertThat(result.headers().get("ETag")).isEqualTo("\"d-1\"");
        // it never varies: no Vary, as httpd sends none for a body of up to 68 bytes
        assertThat(result.headers().get("Vary")).isNull();
        assertThat(DECISION.decide("GET", "gzip", 200, headers("Content-Length", "68")).action())
                .isEqualTo(Action.IDENTITY);
        assertThat(DECISION.decide("GET", "gzip", 200, headers("Content-Length", "69")).action())
                .isEqualTo(Action.COMPRESS);
        assertThat(new DeflateDecision(0, EtagMode.ADD_SUFFIX).decide("GET", "gzip", 200, small).action())
                .isEqualTo(Action.COMPRESS);
    }

    @Test
    void headGetsTheHeaderFieldsOfACompressedGetButNoFilter() {
        Result result = DECISION.decide("HEAD", "gzip", 200, PAGE);

        assertThat(result.action()).isEqualTo(Action.HEADERS_ONLY);
        assertThat(result.headers()).isEqualTo(DECISION.decide("GET", "gzip", 200, PAGE).headers());
    }

    @Test
    void notModifiedGetsTheTagAndVaryOfTheCompressedResponseOnly() {
        HttpHeaders notModified = headers("ETag", "\"5e-1388\"", "Date", "Tue, 24 Nov 2026 10:23:01 GMT");

        Result result = DECISION.decide("GET", "gzip", 304, notModified);

        assertThat(result.action()).isEqualTo(Action.HEADERS_ONLY);
        assertThat(result.headers().get("ETag")).isEqualTo("\"5e-1388-gzip\"");
        assertThat(result.headers().get("Vary")).isEqualTo("Accept-Encoding");
        assertThat(result.headers().contains("Content-Encoding")).isFalse();
    }

    @Test
    void varyIsExtendedNotDuplicated() {
        HttpHeaders varies = PAGE.toBuilder().add("Vary", "Cookie").build();
        assertThat(DECISION.decide("GET", "gzip", 200, varies).headers().all("Vary"))
                .containsExactly("Cookie, Accept-Encoding");

        HttpHeaders already = PAGE.toBuilder().add("Vary", "accept-encoding").build();
        assertThat(DECISION.decide("GET", "gzip", 200, already).headers().all("Vary"))
                .containsExactly("accept-encoding");

        HttpHeaders star = PAGE.toBuilder().add("Vary", "*").build();
        assertThat(DECISION.decide("GET", "gzip", 200, star).headers().all("Vary")).containsExactly("*");
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        "ADD_SUFFIX | \"abc\"        | \"abc-gzip\"",
        "ADD_SUFFIX | W/\"abc\"      | W/\"abc-gzip\"",
        "ADD_SUFFIX | \"abc-gzip\"   | \"abc-gzip\"",
        "ADD_SUFFIX | abc            | abc-gzip",
        "WEAKEN     | \"abc\"        | W/\"abc\"",
        "WEAKEN     | W/\"abc\"      | W/\"abc\"",
        "REMOVE     | \"abc\"        | NONE",
        "NO_CHANGE  | \"abc\"        | \"abc\"",
    })
    void etagModes(EtagMode mode, String etag, String expected) {
        HttpHeaders page = headers("Content-Length", "5000", "ETag", etag);

        Result result = new DeflateDecision(128, mode).decide("GET", "gzip", 200, page);

        assertThat(result.headers().get("ETag")).isEqualTo(expected);
    }

    @Test
    void theSuffixComesOffTheTagsOfAConditionalRequest() {
        assertThat(DeflateDecision.withoutEtagSuffix("\"abc-gzip\", W/\"def-gzip\", \"ghi\""))
                .isEqualTo("\"abc\", W/\"def\", \"ghi\"");
        assertThat(DeflateDecision.withoutEtagSuffix("*")).isEqualTo("*");
        assertThat(DeflateDecision.withoutEtagSuffix(null)).isNull();
    }

    @Test
    void aNegativeMinimumLengthIsRefused() {
        assertThatThrownBy(() -> new DeflateDecision(-1, EtagMode.ADD_SUFFIX)).isInstanceOf(IllegalArgumentException.class);
    }
}
