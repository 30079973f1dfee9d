package io.dendro.bench.compare;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** What the machine is and what it can do at best: the limits Dendro's figures are set against. */
final class Machine {
    static final long DISK_FILE = 1L << 30;
    static final long COPY_BYTES = 256L << 20;

    private Machine() {
    }

    /** CPU, cores, memory, kernel, file system of {@code dir}, JDK. */
    static Map<String, Object> describe(Path dir) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", cpuModel());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("memory_gb", Math.round(memTotalKb() / 1e5) / 10.0);
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        try {
            m.put("filesystem", Files.getFileStore(dir).type());
        } catch (IOException e) {
            m.put("filesystem", "unknown");
        }
        m.put("jdk", System.getProperty("java.vm.name") + " " + Runtime.version());
        return m;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static long memTotalKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return Runtime.getRuntime().maxMemory() / 1024;
    }

    /**
     * Sequential write bandwidth in bytes/s: a 1 GiB file of random bytes written in 8 MiB
     * blocks and forced (write + fsync timed together), in {@code dir}; the best of {@code runs}
     * (a limit: on a shared machine, noise only ever lowers it).
     */
    static double diskWrite(Path dir, int runs) throws IOException {
        Files.createDirectories(dir);
        Path f = dir.resolve("disk-write-limit.tmp");
        ByteBuffer buf = ByteBuffer.allocateDirect(8 << 20);
        SplittableRandom r = new SplittableRandom(1);
        while (buf.remaining() >= 8) {
            buf.putLong(r.nextLong());
        }
        double[] rates = new double[runs];
        try {
            for (int i = 0; i < runs; i++) {
                Files.deleteIfExists(f);
                long t0 = System.nanoTime();
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    for (long done = 0; done < DISK_FILE; done += buf.capacity()) {
                        buf.clear();
                        while (buf.hasRemaining()) {
                            ch.write(buf);
                        }
                    }
                    ch.force(true);
                }
                rates[i] = DISK_FILE / ((System.nanoTime() - t0) / 1e9);
            }
        } finally {
            Files.deleteIfExists(f);
        }
        return Arrays.stream(rates).max().orElseThrow();
    }

    /** Memory copy bandwidth in bytes copied per second: MemorySegment.copy of 256 MiB, the best of 7 after a warm-up. */
    static double memoryCopy() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = arena.allocate(COPY_BYTES, 64);
            MemorySegment dst = arena.allocate(COPY_BYTES, 64);
            src.fill((byte) 0x5A);
            dst.fill((byte) 0);
            MemorySegment.copy(src, 0, dst, 0, COPY_BYTES); // warm-up, pages touched
            double[] rates = new double[7];
            for (int i = 0; i < rates.length; i++) {
                long t0 = System.nanoTime();
                MemorySegment.copy(src, 0, dst, 0, COPY_BYTES);
                rates[i] = COPY_BYTES / ((System.nanoTime() - t0) / 1e9);
            }
            return Arrays.stream(rates).max().orElseThrow();
        }
    }
}
