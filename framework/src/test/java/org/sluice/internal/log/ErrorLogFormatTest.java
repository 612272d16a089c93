package org.sluice.internal.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** httpd's {@code ErrorLogFormat}: items, fields left out when empty, modifiers, and its refusals. */
class ErrorLogFormatTest {

    private static final ZonedDateTime TIME = ZonedDateTime.of(2011, 5, 12, 8, 28, 57, 652_118_000, ZoneOffset.ofHours(2));

    private record Event(int severity, String source) implements ErrorLogFormat.Event {

        @Override
        public ZonedDateTime time() {
            return TIME;
        }

        @Override
        public String module() {
            return "dumpio";
        }

        @Override
        public String message() {
            return "File does not exist: /favicon.ico";
        }
    }

    private static final Event WARNING = new Event(4, "Files.java(12)");
    private static final Event DEBUG = new Event(7, "Files.java(12)");

    @Test
    void theTimeLevelModuleAndMessage() {
        assertThat(line("[%t] [%m:%l] %M", WARNING))
                .isEqualTo("[Thu May 12 08:28:57 2011] [dumpio:warn] File does not exist: /favicon.ico");
    }

    @Test
    void theTimeWithMicrosecondsCompactAndWithTheOffset() {
        assertThat(line("[%{u}t] [%{cu}t] [%{cuz}t] %M", WARNING)).startsWith(
                "[Thu May 12 08:28:57.652118 2011] [2011-05-12 08:28:57.652118] [2011-05-12 08:28:57.652118 +0200] ");
    }

    @Test
    void theTimeInAStrftimeFormat() {
        assertThat(line("%{%Y/%m/%d}t %M", WARNING)).startsWith("2011/05/12 File");
    }

    @Test
    void anItemWithoutValueTakesItsWholeFieldAway() {
        assertThat(line("[%l] [%a] %M", WARNING)).isEqualTo("[warn] File does not exist: /favicon.ico");
    }

    @Test
    void anEscapedSpaceKeepsTheFieldTogether() {
        assertThat(line("[%l] [client\\ %a] %M", WARNING)).isEqualTo("[warn] File does not exist: /favicon.ico");
        // the escaped space joins [%l] to the field %a takes away
        assertThat(line("[%l]\\ [%a] %M", WARNING)).isEqualTo(" File does not exist: /favicon.ico");
    }

    @Test
    void aMinusWritesAHyphenForAnItemWithoutValue() {
        assertThat(line("[%-a] %M", WARNING)).isEqualTo("[-] File does not exist: /favicon.ico");
    }

    @Test
    void aLevelModifierWritesTheItemForThatSeverityOnly() {
        assertThat(line("[%l] %7F: %M", DEBUG)).isEqualTo("[debug] Files.java(12): File does not exist: /favicon.ico");
        assertThat(line("[%l] %7F: %M", WARNING)).isEqualTo("[warn] File does not exist: /favicon.ico");
    }

    @Test
    void percentSpaceSplitsFieldsWithoutOutput() {
        assertThat(line("%M% ,\\ referer\\ %{Referer}i", WARNING)).isEqualTo("File does not exist: /favicon.ico");
    }

    @Test
    void thePidAndAPercentSign() {
        assertThat(line("[pid %P] 100%% %M", WARNING))
                .isEqualTo("[pid " + ProcessHandle.current().pid() + "] 100% File does not exist: /favicon.ico");
    }

    @Test
    void theMessageMustBeThere() {
        assertThatThrownBy(() -> ErrorLogFormat.parse("[%t]")).hasMessage(
                "main ErrorLogFormat must contain message format string '%M'");
    }

    @Test
    void anUnknownItemIsRefused() {
        assertThatThrownBy(() -> ErrorLogFormat.parse("[%Z] %M")).hasMessage(
                "Unrecognized error log format directive %Z");
    }

    @Test
    void plusIsRefusedInTheMainFormat() {
        assertThatThrownBy(() -> ErrorLogFormat.parse("%+{Referer}i %M")).hasMessage(
                "The '+' flag cannot be used in the main error log format");
    }

    @Test
    void aLevelBeyondTrace8IsRefused() {
        assertThatThrownBy(() -> ErrorLogFormat.parse("%16F %M")).hasMessage(
                "The specified loglevel modifier is out of range");
    }

    @Test
    void aFormatEndingInsideAnItemIsRefused() {
        assertThatThrownBy(() -> ErrorLogFormat.parse("%M %-")).hasMessage(
                "Ran off end of error log format parsing args to some directive");
    }

    private static String line(String format, Event event) {
        return ErrorLogFormat.parse(format).line(event);
    }
}
