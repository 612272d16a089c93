package org.sluice.internal.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.sluice.internal.core.LogLevels;
import org.sluice.internal.log.ErrorLogFormat;

/**
 * Points SLF4J's logback binding at {@code ErrorLog} with the {@code LogLevel}s, in a format
 * close to Apache's error log. Does nothing when another binding is in use.
 */
final class ErrorLogSetup {

    private static final String PATTERN =
            "[%d{EEE MMM dd HH:mm:ss.SSS yyyy}] [%logger{0}:%level] [pid " + ProcessHandle.current().pid() + "] %msg%n";

    private ErrorLogSetup() {
    }

    static void apply(Path errorLog, List<String> levels) {
        apply(errorLog, levels, null);
    }

    /** As {@link #apply(Path, List)}, each line in {@code format} ({@code ErrorLogFormat}) when it is not null. */
    static void apply(Path errorLog, List<String> levels, ErrorLogFormat format) {
        if (!isLogback()) {
            return;
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        Encoder<ILoggingEvent> encoder;
        if (format == null) {
            PatternLayoutEncoder pattern = new PatternLayoutEncoder();
            pattern.setContext(context);
            pattern.setPattern(PATTERN);
            encoder = pattern;
        } else {
            ErrorLogLayout layout = new ErrorLogLayout(format);
            layout.setContext(context);
            layout.start();
            LayoutWrappingEncoder<ILoggingEvent> wrapping = new LayoutWrappingEncoder<>();
            wrapping.setContext(context);
            wrapping.setLayout(layout);
            encoder = wrapping;
        }
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender;
        if (errorLog == null) {
            ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            console.setTarget("System.err");
            appender = console;
        } else {
            FileAppender<ILoggingEvent> file = new FileAppender<>();
            file.setFile(errorLog.toString());
            file.setAppend(true);
            appender = file;
        }
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        root.setLevel(Level.WARN);
        context.getLogger("io.netty").setLevel(Level.WARN);
        for (String word : levels) {
            int colon = word.lastIndexOf(':');
            Level level = Level.toLevel(LogLevels.toLogback(colon < 0 ? word : word.substring(colon + 1)));
            if (colon < 0) {
                root.setLevel(level);
            } else {
                String name = word.substring(0, colon);
                context.getLogger(name.contains(".") ? name : "org.sluice." + name).setLevel(level);
            }
        }
    }

    /** A minimal stderr setup for before the configuration is read. */
    static void defaults() {
        apply(null, List.of("warn"));
    }

    private static boolean isLogback() {
        try {
            Class.forName("ch.qos.logback.classic.LoggerContext");
            return LoggerFactory.getILoggerFactory() instanceof LoggerContext;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
