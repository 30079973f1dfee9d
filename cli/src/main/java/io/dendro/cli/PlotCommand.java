package io.dendro.cli;

import io.dendro.Stream;
import io.dendro.StreamKind;
import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import io.dendro.http.PlotData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dendro plot}: a static SVG picture of a stream over a range, of the kind the web plot
 * draws (a mean line in a min/max band at about one window per pixel, or the raw points; a
 * strip of colours for a nominal stream), for reports and machines without a browser (ADR 0022).
 */
@Command(name = "plot", sortOptions = false,
        description = {"Draw a stream over [start, end) as an SVG picture: the mean line in a min/max band from "
                + "aligned windows at about one window per pixel (the raw points when there are few enough), a "
                + "strip of colours by label for a nominal stream; axes with UTC times.",
            "Prints the file written, the pointwidth (or 'raw') and the rows drawn on stderr."})
final class PlotCommand extends StreamCommand {
    @Option(names = "--start", required = true, paramLabel = "T", converter = TimeConverter.class,
            description = "Range start, inclusive (ns or ISO-8601).")
    long start;

    @Option(names = "--end", required = true, paramLabel = "T", converter = TimeConverter.class,
            description = "Range end, exclusive (ns or ISO-8601).")
    long end;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "The SVG file to write ('-': stdout).")
    String out;

    @Option(names = "--width", paramLabel = "PX", defaultValue = "1000",
            description = "Picture width in pixels (default 1000; 200 to 10000).")
    int width;

    @Option(names = "--height", paramLabel = "PX", defaultValue = "400",
            description = "Picture height in pixels (default 400; 100 to 10000).")
    int height;

    @Mixin
    VersionOption version;

    @Override
    void run(CliContext ctx, Stream s) {
        if (width < 200 || width > PlotData.MAX_PIXELS || height < 100 || height > 10_000) {
            throw new DendroException(ErrorCode.INVALID_ARGUMENT, "--width must be 200 to " + PlotData.MAX_PIXELS
                    + " and --height 100 to 10000 (got " + width + " x " + height + ")");
        }
        if (end <= start) {
            throw new DendroException(ErrorCode.INVALID_TIME_RANGE, "end " + end + " is not after start " + start);
        }
        SvgPlot plot = new SvgPlot(width, height);
        PlotData.Shape shape = PlotData.read(s, start, end, plot.pixels(), version.version, plot.sink(), () -> { });
        String name = s.tags().getOrDefault("name", s.uuid().toString());
        String title = s.collection() + " / " + name + " (version " + shape.version() + ")";
        String svg = plot.render(shape, title, s.kind() == StreamKind.NOMINAL);
        if (out.equals("-")) {
            ctx.out().print(svg);
            ctx.out().flush();
        } else {
            try {
                Files.writeString(Path.of(out), svg, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new DendroException(ErrorCode.IO_ERROR, "cannot write " + out + ": " + e.getMessage(), e);
            }
        }
        reportVersion(ctx, shape.version());
        ctx.err().println("plot: " + (out.equals("-") ? "stdout" : out) + ", "
                + (shape.raw() ? "raw points" : "pointwidth " + shape.pointwidth()) + ", " + plot.rows() + " rows");
    }
}
