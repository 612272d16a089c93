package org.sluice.http;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/** Load average and the process's CPU time, for {@code server-status}: from /proc where there is one. */
final class SystemLoad {

    private static final Path LOADAVG = Path.of("/proc/loadavg");
    private static final Path STAT = Path.of("/proc/self/stat");
    /** USER_HZ: Linux reports /proc times in 1/100 s on every architecture Java runs on. */
    private static final double TICKS = 100.0;

    private SystemLoad() {
    }

    /** The 1, 5 and 15 minute load averages; what the platform lacks is -1 (the OS bean knows only the first). */
    static double[] loadAverage() {
        try {
            String[] words = Files.readString(LOADAVG).trim().split("\\s+");
            return new double[] {Double.parseDouble(words[0]), Double.parseDouble(words[1]),
                    Double.parseDouble(words[2])};
        } catch (IOException | RuntimeException e) {
            OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            return new double[] {os.getSystemLoadAverage(), -1, -1};
        }
    }

    /** User and system CPU seconds of this process, or null when unknown. */
    static double[] cpuSeconds() {
        try {
            String stat = Files.readString(STAT);
            // the command name (field 2) is in parentheses and may hold spaces: count after its end
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // f[0] is field 3 (state); utime and stime are fields 14 and 15
            return new double[] {Long.parseLong(f[11]) / TICKS, Long.parseLong(f[12]) / TICKS};
        } catch (IOException | RuntimeException e) {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    && os.getProcessCpuTime() >= 0) {
                return new double[] {os.getProcessCpuTime() / 1e9, 0};
            }
            return null;
        }
    }
}
