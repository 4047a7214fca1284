using FedHybrid.Federation.Client;
using FedHybrid.Federation.Client.Stages;
using FedHybrid.Federation.Coordinator;
using FedHybrid.Federation.Protocol;

namespace FedHybrid.Federation.Tests;

/// <summary>Clients take turns with the training slots: a client gives its slot back once its slice is spent and
/// queues behind the clients already waiting, and the grant carries the slice over gRPC.</summary>
public sealed class TrainingTurnsTests : IDisposable
{
    readonly TempDirectory _directory = new();

    static Func<CancellationToken, Task<TrainingSlotLease>> Acquirer(TrainingSlots slots) => async ct =>
    {
        var slot = await slots.AcquireAsync(ct);
        return new TrainingSlotLease(slots.TimeSlice, () =>
        {
            slot.Dispose();
            return ValueTask.CompletedTask;
        });
    };

    [Fact]
    public async Task A_client_keeps_its_slot_until_its_slice_is_spent_then_queues_behind_the_one_waiting()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualClock();
        var slots = new TrainingSlots(1, TimeSpan.FromMilliseconds(100));
        await using var first = await TrainingTurns.BeginAsync(Acquirer(slots), clock, ct);
        var second = TrainingTurns.BeginAsync(Acquirer(slots), clock, ct);

        clock.Advance(TimeSpan.FromMilliseconds(99));
        first.YieldIfDue();
        Assert.False(second.IsCompleted);
        Assert.Equal(0, first.Yields);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        var yielding = Task.Run(first.YieldIfDue, ct);
        await using var secondTurns = await second.WaitAsync(ct);
        Assert.False(yielding.IsCompleted);

        // The second client trains 100 ms, then hands the slot back: the first waited those 100 ms, and the second now waits behind it.
        clock.Advance(TimeSpan.FromMilliseconds(40));
        secondTurns.YieldIfDue();
        clock.Advance(TimeSpan.FromMilliseconds(60));
        var secondYielding = Task.Run(secondTurns.YieldIfDue, ct);
        await yielding.WaitAsync(ct);
        Assert.Equal(1, first.Yields);
        Assert.Equal(TimeSpan.FromMilliseconds(100), first.Waited);
        Assert.False(secondYielding.IsCompleted);
        await first.DisposeAsync();
        await secondYielding.WaitAsync(ct);
        Assert.Equal(1, secondTurns.Yields);
    }

    [Fact]
    public async Task Without_a_slice_a_client_holds_its_slot_until_it_is_done()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualClock();
        var slots = new TrainingSlots(1);
        var first = await TrainingTurns.BeginAsync(Acquirer(slots), clock, ct);
        var second = TrainingTurns.BeginAsync(Acquirer(slots), clock, ct);
        clock.Advance(TimeSpan.FromHours(1));
        first.YieldIfDue();
        Assert.Equal(0, first.Yields);
        Assert.False(second.IsCompleted);
        await first.DisposeAsync();
        await using var _ = await second.WaitAsync(ct);
    }

    [Fact]
    public async Task Over_gRPC_the_grant_carries_the_slice_and_a_slot_given_back_is_free_again()
    {
        var ct = TestContext.Current.CancellationToken;
        var keys = new TestKeys(1);
        var engine = TestEngines.Create(keys, _directory.Path, 8, 1, TimeSpan.FromMinutes(1), trainingTimeSlice: TimeSpan.FromMilliseconds(250));
        await using var server = await TestCoordinator.StartAsync(engine, ct);
        var joined = await TestJoins.JoinAsync(server.Client, keys.Clients[0], ct);
        await using var channel = new GrpcClientChannel(server.Address);
        var request = new TrainingSlotRequest { ClientId = keys.Clients[0].Identity.Id, SessionToken = joined.SessionToken, Round = 1 };

        // The test engine has two slots: a third request waits until one of the two is given back.
        var one = await channel.AcquireTrainingSlotAsync(request, ct);
        await using var two = await channel.AcquireTrainingSlotAsync(request, ct);
        Assert.Equal(TimeSpan.FromMilliseconds(250), one.YieldAfter);
        var three = channel.AcquireTrainingSlotAsync(request, ct);
        Assert.NotSame(three, await Task.WhenAny(three, Task.Delay(200, ct)));
        await one.DisposeAsync();
        await using var granted = await three.WaitAsync(ct);
        Assert.Equal(TimeSpan.FromMilliseconds(250), granted.YieldAfter);
    }

    public void Dispose() => _directory.Dispose();
}
