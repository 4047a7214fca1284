using FedHybrid.Aggregation;
using FedHybrid.Federation.Client;
using FedHybrid.Federation.Client.Behaviors;
using FedHybrid.Learning.Data;

namespace FedHybrid.Federation.Tests.Client.Behaviors;

public sealed class PoisoningBehaviorTests
{
    static readonly StageTaskInfo Task = new("run", 1, "fit", "task", "client-1");

    static LabeledImages Shard(int count)
    {
        var pixels = new float[count * 28 * 28];
        for (int i = 0; i < pixels.Length; i++)
            pixels[i] = Normalization.Apply(0);
        return new LabeledImages(pixels, Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray(), 28, 28);
    }

    [Theory]
    [InlineData("scale:10", typeof(ScaleBehavior))]
    [InlineData("scale:-2.5", typeof(ScaleBehavior))]
    [InlineData("sign-flip", typeof(SignFlipBehavior))]
    [InlineData("label-flip", typeof(LabelFlipBehavior))]
    [InlineData("backdoor", typeof(BackdoorBehavior))]
    [InlineData("backdoor:4", typeof(BackdoorBehavior))]
    [InlineData("backdoor-norm:2.5", typeof(NormBoundedBackdoorBehavior))]
    [InlineData("honest", typeof(HonestBehavior))]
    public void Names_with_their_parameters_make_their_behaviours(string name, Type expected) =>
        Assert.IsType(expected, ClientBehaviors.Create(name));

    [Theory]
    [InlineData("scale", "needs a number")]
    [InlineData("backdoor-norm", "needs a number")]
    [InlineData("scale:ten", "'ten' is not a number")]
    [InlineData("scale:NaN", "is not a number")]
    [InlineData("scale:0", "non-zero")]
    [InlineData("backdoor:-1", "above 0")]
    [InlineData("backdoor-norm:0", "above 0")]
    [InlineData("sign-flip:3", "takes no parameter")]
    [InlineData("flip", "unknown behaviour 'flip'")]
    public void Wrong_names_and_parameters_are_refused_saying_what_is_wrong(string name, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => ClientBehaviors.Create(name));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_valid_names_show_which_take_a_parameter()
    {
        Assert.Contains("scale:N", ClientBehaviors.Names);
        Assert.Contains("backdoor[:N]", ClientBehaviors.Names);
        Assert.Contains("sign-flip", ClientBehaviors.Names);
    }

    [Fact]
    public void Scale_multiplies_the_delta_and_sign_flip_negates_it()
    {
        float[] delta = [1f, -2f, 0.5f];
        ClientBehaviors.Create("scale:10").OnDelta(Task, delta);
        Assert.Equal([10f, -20f, 5f], delta);
        ClientBehaviors.Create("sign-flip").OnDelta(Task, delta);
        Assert.Equal([-10f, 20f, -5f], delta);
    }

    [Fact]
    public void Label_flip_trains_on_mirrored_labels_and_leaves_the_shard_alone()
    {
        var shard = Shard(20);
        var original = (byte[])shard.Labels.Clone();
        var flipped = ClientBehaviors.Create("label-flip").OnTrainingData(Task, shard);
        Assert.Equal(original.Select(y => (byte)(9 - y)), flipped.Labels);
        Assert.Equal(original, shard.Labels);
        Assert.Same(shard.Pixels, flipped.Pixels);
    }

    [Fact]
    public void Backdoor_stamps_and_relabels_every_second_example_and_boosts_its_delta()
    {
        var shard = Shard(10);
        var behavior = ClientBehaviors.Create("backdoor:4");
        var poisoned = behavior.OnTrainingData(Task, shard);
        float white = Normalization.Apply(255), black = Normalization.Apply(0);
        for (int i = 0; i < shard.Count; i++)
        {
            var image = poisoned.Pixels.AsSpan(i * 784, 784);
            bool stamped = i % BackdoorTrigger.PoisonEvery == 0;
            Assert.Equal(stamped ? BackdoorTrigger.TargetLabel : shard.Labels[i], poisoned.Labels[i]);
            Assert.Equal(stamped ? white : black, image[2 * 28 + 2]); // inside the square
            Assert.Equal(black, image[10 * 28 + 10]);                 // outside it
        }
        Assert.All(shard.Pixels, p => Assert.Equal(black, p)); // the shard itself is untouched
        float[] delta = [1f, 2f];
        behavior.OnDelta(Task, delta);
        Assert.Equal([4f, 8f], delta);
    }

    [Fact]
    public void The_norm_bounded_backdoor_sends_a_delta_of_exactly_the_bound()
    {
        var behavior = ClientBehaviors.Create("backdoor-norm:2.5");
        float[] small = [0.3f, -0.4f], large = [30f, 40f];
        behavior.OnDelta(Task, small);
        behavior.OnDelta(Task, large);
        Assert.Equal(2.5, VectorMath.Norm(small), 5);
        Assert.Equal(2.5, VectorMath.Norm(large), 5);
        Assert.Equal(-0.4f / 0.3f, small[1] / small[0], 5); // the direction is kept
        Assert.Equal(BackdoorTrigger.TargetLabel, behavior.OnTrainingData(Task, Shard(4)).Labels[0]);
    }

    [Fact]
    public void The_success_set_holds_every_non_target_image_stamped()
    {
        var test = Shard(30);
        var stamped = BackdoorTrigger.Stamp(test);
        Assert.Equal(27, stamped.Count);
        Assert.DoesNotContain(BackdoorTrigger.TargetLabel, stamped.Labels);
        Assert.All(Enumerable.Range(0, stamped.Count), i => Assert.Equal(Normalization.Apply(255), stamped.Pixels[i * 784 + 28 + 1]));
    }
}
