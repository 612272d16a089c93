package org.sluice.internal.connection;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.util.function.UnaryOperator;
import org.sluice.brigade.Brigade;
import org.sluice.filter.Block;
import org.sluice.filter.InputFilter;
import org.sluice.filter.ReadMode;
import org.sluice.filter.ReadStatus;

/** An input filter that replaces the text of each read by a function of it. */
public class TransformingInputFilter implements InputFilter {

    private final UnaryOperator<String> transform;

    public TransformingInputFilter(UnaryOperator<String> transform) {
        this.transform = transform;
    }

    @Override
    public ReadStatus read(Context ctx, Brigade into, ReadMode mode, Block block, long readBytes) throws IOException {
        try (Brigade read = new Brigade()) {
            ReadStatus status = ctx.readNext(read, mode, block, readBytes);
            if (status == ReadStatus.OK && read.length() > 0) {
                into.write(transform.apply(read.flattenToString(UTF_8)));
            }
            return status;
        }
    }
}
