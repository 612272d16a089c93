package org.sluice.internal.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.sluice.internal.log.ErrorLogFormat;

/** Writes logback's events in the {@code ErrorLogFormat} the configuration gives, a line each (and a stack trace). */
final class ErrorLogLayout extends LayoutBase<ILoggingEvent> {

    private final ErrorLogFormat format;

    ErrorLogLayout(ErrorLogFormat format) {
        this.format = format;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder out = new StringBuilder(format.line(new Event(event))).append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            out.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
        }
        return out.toString();
    }

    /** A logback event as the format sees it. */
    private record Event(ILoggingEvent event) implements ErrorLogFormat.Event {

        @Override
        public ZonedDateTime time() {
            Instant at = event.getInstant();
            return ZonedDateTime.ofInstant(at != null ? at : Instant.ofEpochMilli(event.getTimeStamp()),
                    ZoneId.systemDefault());
        }

        /** httpd's severity of logback's level (trace1 for TRACE: logback has one trace level). */
        @Override
        public int severity() {
            return switch (event.getLevel().toInt()) {
                case Level.ERROR_INT -> 3;
                case Level.WARN_INT -> 4;
                case Level.INFO_INT -> 6;
                case Level.DEBUG_INT -> 7;
                default -> 8;
            };
        }

        @Override
        public String module() {
            String name = event.getLoggerName();
            return name.substring(name.lastIndexOf('.') + 1);
        }

        @Override
        public String message() {
            return event.getFormattedMessage();
        }

        @Override
        public String source() {
            StackTraceElement[] caller = event.getCallerData();
            if (caller == null || caller.length == 0 || caller[0].getFileName() == null) {
                return null;
            }
            return caller[0].getFileName() + "(" + caller[0].getLineNumber() + ")";
        }
    }
}
