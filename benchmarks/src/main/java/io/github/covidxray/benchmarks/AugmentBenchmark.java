package io.github.covidxray.benchmarks;

import io.github.covidxray.augment.AugmentResult;
import io.github.covidxray.augment.AugmentStep;
import io.github.covidxray.augment.Augmenter;
import io.github.covidxray.augment.Interpolation;
import io.github.covidxray.augment.Range;
import io.github.covidxray.augment.WarpOptions;
import io.github.covidxray.core.XrayImage;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Augmentation throughput on one thread, images per second, for a random 8-bit image like the torchvision peer
 * ({@code ../shared/tools/peers/augment_bench.py}) uses.
 *
 * <ul>
 *   <li>{@code conservative}: {@link Augmenter#chestXrayConservative()} as shipped (rotate, zoom and shift every
 *       image, brightness and contrast on half of them).
 *   <li>{@code torchvisionEquivalent}: the peer's pipeline on every image: {@code RandomAffine(degrees=10,
 *       translate=0.1, scale=0.9-1.1, shear=5)} then {@code ColorJitter(brightness=0.2, contrast=0.2)}; bilinear
 *       here, where torchvision's RandomAffine defaults to nearest; {@code torchvisionEquivalentNearest} is the
 *       same with nearest-neighbour sampling, like for like.
 *   <li>{@code aggressive}: {@link Augmenter#aggressive()}, for scale: it adds CLAHE, blur, noise and erasing on
 *       some images.
 * </ul>
 *
 * <p>Each call augments a new sample index, so parameters differ between calls as in training.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AugmentBenchmark {

    /** Image side in pixels. */
    @Param({"256", "1024"})
    public int size;

    private XrayImage image;
    private Augmenter conservative;
    private Augmenter aggressive;
    private Augmenter torchvisionEquivalent;
    private Augmenter torchvisionEquivalentNearest;
    private long index;

    /** Creates the image and the pipelines. */
    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(0);
        byte[] px = new byte[size * size];
        random.nextBytes(px);
        image = XrayImage.ofGray8(size, size, px, "random");
        conservative = Augmenter.chestXrayConservative();
        aggressive = Augmenter.aggressive();
        torchvisionEquivalent = torchvisionPipeline(WarpOptions.defaults());
        torchvisionEquivalentNearest = torchvisionPipeline(
                WarpOptions.builder().optInterpolation(Interpolation.NEAREST).build());
    }

    private static Augmenter torchvisionPipeline(WarpOptions warp) {
        return Augmenter.builder()
                .add(AugmentStep.rotate(Range.symmetric(10)))
                .add(AugmentStep.translate(Range.symmetric(0.1), Range.symmetric(0.1)))
                .add(AugmentStep.scale(Range.of(0.9, 1.1)))
                .add(AugmentStep.shear(Range.symmetric(5)))
                .add(AugmentStep.brightness(Range.symmetric(0.2)))
                .add(AugmentStep.contrast(Range.of(0.8, 1.2)))
                .optWarpOptions(warp)
                .build();
    }

    /** @return the augmented image, so it is not optimised away */
    @Benchmark
    public AugmentResult conservative() {
        return conservative.augment(image, 42, index++);
    }

    /** @return the augmented image */
    @Benchmark
    public AugmentResult aggressive() {
        return aggressive.augment(image, 42, index++);
    }

    /** @return the augmented image */
    @Benchmark
    public AugmentResult torchvisionEquivalent() {
        return torchvisionEquivalent.augment(image, 42, index++);
    }

    /** @return the augmented image */
    @Benchmark
    public AugmentResult torchvisionEquivalentNearest() {
        return torchvisionEquivalentNearest.augment(image, 42, index++);
    }
}
