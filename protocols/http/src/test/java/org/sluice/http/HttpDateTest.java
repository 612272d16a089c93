package org.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HttpDateTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now;

        ManualClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void formatsTheImfFixdateOfRfc9110() {
        assertThat(HttpDate.format(Instant.parse("1994-11-06T08:49:37Z"))).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
        assertThat(HttpDate.format(Instant.parse("2026-01-02T03:04:05.999Z"))).isEqualTo("Fri, 02 Jan 2026 03:04:05 GMT");
    }

    @Test
    void parsesTheThreeFormsRecipientsMustAccept() {
        Instant expected = Instant.parse("1994-11-06T08:49:37Z");
        assertThat(HttpDate.parse("Sun, 06 Nov 1994 08:49:37 GMT")).isEqualTo(expected);
        assertThat(HttpDate.parse("Sunday, 06-Nov-94 08:49:37 GMT")).isEqualTo(expected);
        assertThat(HttpDate.parse("Sun Nov  6 08:49:37 1994")).isEqualTo(expected);
        assertThat(HttpDate.parse("Fri Nov 27 10:00:00 2026")).isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
        // a two-digit year is never more than 50 years ahead
        assertThat(HttpDate.parse("Friday, 27-Nov-26 10:00:00 GMT")).isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
        assertThat(HttpDate.parse("yesterday")).isNull();
        assertThat(HttpDate.parse(null)).isNull();
    }

    @Test
    void reusesTheTextWithinOneSecond() {
        ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00.100Z"));
        HttpDate date = new HttpDate(clock);

        String first = date.now();
        clock.now = clock.now.plusMillis(800);
        String second = date.now();

        assertThat(second).isSameAs(first).isEqualTo("Sun, 01 Mar 2026 12:00:00 GMT");
    }

    @Test
    void changesWithTheSecond() {
        ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00.900Z"));
        HttpDate date = new HttpDate(clock);
        date.now();

        clock.now = clock.now.plus(Duration.ofMillis(100));

        assertThat(date.now()).isEqualTo("Sun, 01 Mar 2026 12:00:01 GMT");
    }

    @Test
    void systemDateLooksLikeAnImfFixdate() {
        assertThat(HttpDate.system().now())
                .matches("(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d\\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                        + "\\d{4} \\d\\d:\\d\\d:\\d\\d GMT");
    }
}
