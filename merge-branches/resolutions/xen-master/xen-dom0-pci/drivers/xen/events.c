// SPDX-License-Identifier: GPL-2.0
/*
 * Xen event channels
 *
 * Xen models interrupts with abstract event channels. Each channel the
 * kernel binds gets a Linux irq, so drivers use request_irq() as usual.
 * A channel is bound to a virtual interrupt source (VIRQ) or to another
 * domain; xen_evtchn_do_upcall() dispatches the pending ones.
 *
 * Jeremy Fitzhardinge <jeremy@xensource.com>, XenSource Inc, 2007
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/interrupt.h>

#include <xen/xen.h>
#include <xen/events.h>
#include <xen/hypercall.h>

/* Interrupt types. */
enum xen_irq_type {
	IRQT_UNBOUND = 0,
	IRQT_EVTCHN,
	IRQT_VIRQ,
	IRQT_IPI,
	IRQT_PIRQ,
	IRQT_MSI,
};

/*
 * Packed IRQ information:
 * type - enum xen_irq_type
 * evtchn - event channel
 * cpu - cpu the event is delivered to
 * u - type-specific information
 */
struct irq_info {
	enum xen_irq_type type;
	unsigned short evtchn;
	unsigned short cpu;
	union {
		unsigned short virq;
		unsigned short ipi;
		unsigned short pirq;	/* the irq is the GSI */
		struct {
			unsigned short pirq;
			unsigned char bus;
			unsigned char devfn;
		} msi;
	} u;
};

static struct irq_info irq_info[NR_IRQS];
static int evtchn_to_irq[NR_EVENT_CHANNELS];
static int virq_to_irq[NR_VIRQS];

static struct irq_chip xen_dynamic_chip;

static void mask_evtchn(unsigned int port)
{
	struct shared_info *s = HYPERVISOR_shared_info;

	s->evtchn_mask[port / BITS_PER_LONG] |= 1UL << (port % BITS_PER_LONG);
}

static void unmask_evtchn(unsigned int port)
{
	struct shared_info *s = HYPERVISOR_shared_info;
	struct vcpu_info *vcpu_info = &s->vcpu_info[0];
	unsigned int word = port / BITS_PER_LONG;
	unsigned long bit = 1UL << (port % BITS_PER_LONG);

	s->evtchn_mask[word] &= ~bit;
	/* Like an IO-APIC, resend an event that arrived while masked. */
	if (s->evtchn_pending[word] & bit) {
		vcpu_info->evtchn_pending_sel |= 1UL << word;
		vcpu_info->evtchn_upcall_pending = 1;
	}
}

int evtchn_from_irq(unsigned int irq)
{
	return irq < NR_IRQS ? irq_info[irq].evtchn : 0;
}

static void enable_dynirq(unsigned int irq)
{
	unmask_evtchn(evtchn_from_irq(irq));
}

static void disable_dynirq(unsigned int irq)
{
	mask_evtchn(evtchn_from_irq(irq));
}

/* Dynamic irqs are handed out from the top; low numbers are GSIs. */
static int find_unbound_irq(void)
{
	int irq;

	for (irq = NR_IRQS - 1; irq >= NR_IRQS_LEGACY; irq--)
		if (irq_info[irq].type == IRQT_UNBOUND)
			return irq;
	return -ENOSPC;
}

static void bind_irq(int irq, enum xen_irq_type type, unsigned int evtchn)
{
	irq_info[irq].type = type;
	irq_info[irq].evtchn = evtchn;
	irq_info[irq].cpu = 0;
	evtchn_to_irq[evtchn] = irq;
	set_irq_chip(irq, &xen_dynamic_chip);
}

static int bind_evtchn_to_irq(unsigned int evtchn)
{
	int irq = evtchn_to_irq[evtchn];

	if (irq == -1) {
		irq = find_unbound_irq();
		if (irq < 0)
			return irq;
		bind_irq(irq, IRQT_EVTCHN, evtchn);
	}
	return irq;
}

static int bind_virq_to_irq(unsigned int virq, unsigned int cpu)
{
	struct evtchn_bind_virq bind_virq;
	int irq = virq_to_irq[virq];

	if (irq != -1)
		return irq;
	irq = find_unbound_irq();
	if (irq < 0)
		return irq;
	bind_virq.virq = virq;
	bind_virq.vcpu = cpu;
	if (HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bind_virq))
		return -EIO;
	bind_irq(irq, IRQT_VIRQ, bind_virq.port);
	irq_info[irq].u.virq = virq;
	virq_to_irq[virq] = irq;
	return irq;
}

static void unbind_from_irq(unsigned int irq)
{
	struct evtchn_close close;
	unsigned int evtchn = evtchn_from_irq(irq);

	close.port = evtchn;
	if (HYPERVISOR_event_channel_op(EVTCHNOP_close, &close))
		BUG_ON(1);
	if (irq_info[irq].type == IRQT_VIRQ)
		virq_to_irq[irq_info[irq].u.virq] = -1;
	evtchn_to_irq[evtchn] = -1;
	memset(&irq_info[irq], 0, sizeof(irq_info[irq]));
	set_irq_chip(irq, NULL);
}

int bind_evtchn_to_irqhandler(unsigned int evtchn, irq_handler_t handler,
			      const char *devname, void *dev_id)
{
	int irq, ret;

	irq = bind_evtchn_to_irq(evtchn);
	if (irq < 0)
		return irq;
	ret = request_irq(irq, handler, 0, devname, dev_id);
	if (ret) {
		unbind_from_irq(irq);
		return ret;
	}
	return irq;
}

int bind_virq_to_irqhandler(unsigned int virq, unsigned int cpu,
			    irq_handler_t handler, const char *devname,
			    void *dev_id)
{
	int irq, ret;

	irq = bind_virq_to_irq(virq, cpu);
	if (irq < 0)
		return irq;
	ret = request_irq(irq, handler, 0, devname, dev_id);
	if (ret) {
		unbind_from_irq(irq);
		return ret;
	}
	return irq;
}

void unbind_from_irqhandler(unsigned int irq, void *dev_id)
{
	free_irq(irq, dev_id);
	unbind_from_irq(irq);
}

static unsigned int startup_pirq(unsigned int irq)
{
	struct evtchn_bind_pirq bind_pirq;

	bind_pirq.pirq = irq_info[irq].u.pirq;
	/* NB. We are happy to share unless we are probing. */
	bind_pirq.flags = BIND_PIRQ__WILL_SHARE;
	if (HYPERVISOR_event_channel_op(EVTCHNOP_bind_pirq, &bind_pirq)) {
		printk(KERN_WARNING "xen: failed to bind pirq %u\n",
		       bind_pirq.pirq);
		return 0;
	}
	irq_info[irq].evtchn = bind_pirq.port;
	evtchn_to_irq[bind_pirq.port] = irq;
	unmask_evtchn(bind_pirq.port);
	return 0;
}

static void shutdown_pirq(unsigned int irq)
{
	struct evtchn_close close;
	unsigned int evtchn = evtchn_from_irq(irq);

	if (!evtchn)
		return;
	mask_evtchn(evtchn);
	close.port = evtchn;
	if (HYPERVISOR_event_channel_op(EVTCHNOP_close, &close))
		BUG_ON(1);
	evtchn_to_irq[evtchn] = -1;
	irq_info[irq].evtchn = 0;
}

static void eoi_pirq(unsigned int irq)
{
	struct physdev_eoi eoi = { .irq = irq_info[irq].u.pirq };

	(void)HYPERVISOR_physdev_op(PHYSDEVOP_eoi, &eoi);
}

static struct irq_chip xen_pirq_chip = {
	.name = "xen-pirq",
	.startup = startup_pirq,
	.shutdown = shutdown_pirq,
	.mask = disable_dynirq,
	.unmask = enable_dynirq,
	.eoi = eoi_pirq,
};

/* Have Xen map @gsi to a pirq; the irq has the GSI's number. */
int xen_allocate_pirq(unsigned int gsi)
{
	struct physdev_map_pirq map_irq;
	int irq = gsi;

	if (gsi >= NR_IRQS)
		return -EINVAL;
	if (irq_info[irq].type == IRQT_PIRQ)
		return irq;
	if (irq_info[irq].type != IRQT_UNBOUND)
		return -EBUSY;

	map_irq.domid = DOMID_SELF;
	map_irq.type = MAP_PIRQ_TYPE_GSI;
	map_irq.index = gsi;
	map_irq.pirq = gsi;
	if (HYPERVISOR_physdev_op(PHYSDEVOP_map_pirq, &map_irq))
		return -ENOSPC;

	irq_info[irq].type = IRQT_PIRQ;
	irq_info[irq].evtchn = 0;
	irq_info[irq].u.pirq = map_irq.pirq;
	set_irq_chip(irq, &xen_pirq_chip);
	return irq;
}

int xen_create_msi_irq(unsigned int bus, unsigned int devfn, int entry_nr)
{
	struct physdev_map_pirq map_irq;
	struct evtchn_bind_pirq bind_pirq;
	struct physdev_unmap_pirq unmap_irq;
	int irq;

	irq = find_unbound_irq();
	if (irq < 0)
		return irq;

	memset(&map_irq, 0, sizeof(map_irq));
	map_irq.domid = DOMID_SELF;
	map_irq.type = MAP_PIRQ_TYPE_MSI;
	map_irq.index = -1;
	map_irq.pirq = -1;
	map_irq.bus = bus;
	map_irq.devfn = devfn;
	map_irq.entry_nr = entry_nr;
	if (HYPERVISOR_physdev_op(PHYSDEVOP_map_pirq, &map_irq))
		return -ENOSPC;

	bind_pirq.pirq = map_irq.pirq;
	bind_pirq.flags = 0;
	if (HYPERVISOR_event_channel_op(EVTCHNOP_bind_pirq, &bind_pirq)) {
		unmap_irq.domid = DOMID_SELF;
		unmap_irq.pirq = map_irq.pirq;
		(void)HYPERVISOR_physdev_op(PHYSDEVOP_unmap_pirq, &unmap_irq);
		return -EIO;
	}
	bind_irq(irq, IRQT_MSI, bind_pirq.port);
	irq_info[irq].u.msi.pirq = map_irq.pirq;
	irq_info[irq].u.msi.bus = bus;
	irq_info[irq].u.msi.devfn = devfn;
	return irq;
}

int xen_destroy_msi_irq(unsigned int irq)
{
	struct physdev_unmap_pirq unmap_irq;

	if (irq >= NR_IRQS || irq_info[irq].type != IRQT_MSI)
		return -EINVAL;
	unmap_irq.domid = DOMID_SELF;
	unmap_irq.pirq = irq_info[irq].u.msi.pirq;
	unbind_from_irq(irq);
	return HYPERVISOR_physdev_op(PHYSDEVOP_unmap_pirq, &unmap_irq);
}

void notify_remote_via_evtchn(unsigned int port)
{
	struct evtchn_send send = { .port = port };

	(void)HYPERVISOR_event_channel_op(EVTCHNOP_send, &send);
}

void xen_evtchn_do_upcall(void)
{
	struct shared_info *s = HYPERVISOR_shared_info;
	struct vcpu_info *vcpu_info = &s->vcpu_info[0];
	unsigned long pending_words, pending_bits;
	unsigned int word, bit, port;
	int irq;

	vcpu_info->evtchn_upcall_pending = 0;
	pending_words = vcpu_info->evtchn_pending_sel;
	vcpu_info->evtchn_pending_sel = 0;

	while (pending_words) {
		word = __builtin_ctzl(pending_words);
		pending_words &= pending_words - 1;
		pending_bits = s->evtchn_pending[word] & ~s->evtchn_mask[word];
		while (pending_bits) {
			bit = __builtin_ctzl(pending_bits);
			pending_bits &= pending_bits - 1;
			port = word * BITS_PER_LONG + bit;
			/* Clear first, so a new event is not lost. */
			s->evtchn_pending[word] &= ~(1UL << bit);
			irq = evtchn_to_irq[port];
			if (irq != -1)
				generic_handle_irq(irq);
		}
	}
}

static struct irq_chip xen_dynamic_chip = {
	.name = "xen-dyn",
	.mask = disable_dynirq,
	.unmask = enable_dynirq,
};

static int __init xen_init_IRQ(void)
{
	unsigned int i;

	if (!xen_domain())
		return 0;
	for (i = 0; i < NR_EVENT_CHANNELS; i++) {
		evtchn_to_irq[i] = -1;
		mask_evtchn(i);
	}
	for (i = 0; i < NR_VIRQS; i++)
		virq_to_irq[i] = -1;
	return 0;
}
early_initcall(xen_init_IRQ);
