package org.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How a Range header is read against a 10-byte representation: the ranges httpd 2.4.71's
 * byterange filter sends for the same header (merged where they overlap or touch), except
 * where RFC 9110 decides otherwise (noted).
 */
class ByteRangesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bytes=2-4              | 2-4
            bytes=-3               | 7-9
            bytes=7-               | 7-9
            bytes=2-400            | 2-9
            bytes=0-1,4-5          | 0-1 4-5
            bytes=0-3,2-5,8-       | 0-5 8-9
            bytes=0-1,2-3          | 0-3
            bytes=5-6,0-1          | 5-6 0-1
            bytes=4-6,3-5          | 3-6
            bytes=0-,3-4           | 0-9
            bytes=1-2,20-30        | 1-2
            bytes=0-9,0-9          | 0-9
            BYTES=1-1              | 1-1
            bytes=0-4, ,           | 0-4
            # RFC 9110: whitespace around list elements is allowed (httpd sends the whole file)
            bytes=0-1, 4-5         | 0-1 4-5
            # RFC 9110: a suffix of nothing selects nothing (httpd ignores the header)
            bytes=-0,1-2           | 1-2
            bytes=20-30,40-50      | 416
            bytes=-0               | 416
            bytes=5-2              | whole
            bytes=a-b              | whole
            bytes=1                | whole
            chars=1-2              | whole
            bytes=                 | whole
            bytes=0-5,0-5,6-9,0-0  | 0-9
            # more bytes in all than the representation has
            bytes=0-5,7-9,0-8      | whole
            """)
    void readsAsHttpdReadsIt(String header, String expected) {
        assertThat(describe(ByteRanges.parse(header, 10, ByteRanges.DEFAULT_MAX_RANGES))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # more ranges than allowed: the whole file; 0 never ranges, negative is no limit
            bytes=0-0,2-2,4-4      | 2 | whole
            bytes=0-0,2-2,4-4      | 3 | 0-0 2-2 4-4
            bytes=0-0,2-2,4-4      | 0 | whole
            bytes=0-0,2-2,4-4      | -1 | 0-0 2-2 4-4
            """)
    void aLimitOnRangesSendsTheWholeWhenPassed(String header, int max, String expected) {
        assertThat(describe(ByteRanges.parse(header, 10, max))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bytes=-5               | whole
            bytes=0-               | 416
            bytes=0-0              | 416
            """)
    void anEmptyRepresentationHasNoPartialContent(String header, String expected) {
        assertThat(describe(ByteRanges.parse(header, 0, ByteRanges.DEFAULT_MAX_RANGES))).isEqualTo(expected);
    }

    @Test
    void overlapsBeyondTwentyGetTheWholeFile() {
        String header = "bytes=" + "0-5,".repeat(21) + "0-5";
        assertThat(ByteRanges.parse(header, 10, ByteRanges.DEFAULT_MAX_RANGES)).isNull();
        assertThat(describe(ByteRanges.parse("bytes=" + "0-5,".repeat(20) + "0-5", 10, 200))).isEqualTo("0-5");
    }

    private static String describe(ByteRanges ranges) {
        if (ranges == null) {
            return "whole";
        }
        if (ranges == ByteRanges.UNSATISFIABLE) {
            return "416";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < ranges.count(); i++) {
            out.append(i == 0 ? "" : " ").append(ranges.first(i)).append('-').append(ranges.last(i));
        }
        return out.toString();
    }
}
