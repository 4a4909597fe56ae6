# Resolution of drivers/xen/events.c when merging xen/dom0/pci into xen/master,
# recorded by patchflow resolve.
# Per conflict region: the two sides git shows between its conflict markers,
# then the text that replaces the region. Compose applies it to this very
# conflict only; everything outside the regions comes from the merge.

conflict
ours:
| 	IRQT_PIRQ,
theirs:
| 	IRQT_MSI,
resolved:
| 	IRQT_PIRQ,
| 	IRQT_MSI,

conflict
ours:
| 		unsigned short pirq;	/* the irq is the GSI */
theirs:
| 		struct {
| 			unsigned short pirq;
| 			unsigned char bus;
| 			unsigned char devfn;
| 		} msi;
resolved:
| 		unsigned short pirq;	/* the irq is the GSI */
| 		struct {
| 			unsigned short pirq;
| 			unsigned char bus;
| 			unsigned char devfn;
| 		} msi;

conflict
ours:
| static unsigned int startup_pirq(unsigned int irq)
| {
| 	struct evtchn_bind_pirq bind_pirq;
|
| 	bind_pirq.pirq = irq_info[irq].u.pirq;
| 	/* NB. We are happy to share unless we are probing. */
| 	bind_pirq.flags = BIND_PIRQ__WILL_SHARE;
| 	if (HYPERVISOR_event_channel_op(EVTCHNOP_bind_pirq, &bind_pirq)) {
| 		printk(KERN_WARNING "xen: failed to bind pirq %u\n",
| 		       bind_pirq.pirq);
| 		return 0;
| 	}
| 	irq_info[irq].evtchn = bind_pirq.port;
| 	evtchn_to_irq[bind_pirq.port] = irq;
| 	unmask_evtchn(bind_pirq.port);
| 	return 0;
| }
|
| static void shutdown_pirq(unsigned int irq)
| {
| 	struct evtchn_close close;
| 	unsigned int evtchn = evtchn_from_irq(irq);
|
| 	if (!evtchn)
| 		return;
| 	mask_evtchn(evtchn);
| 	close.port = evtchn;
| 	if (HYPERVISOR_event_channel_op(EVTCHNOP_close, &close))
| 		BUG_ON(1);
| 	evtchn_to_irq[evtchn] = -1;
| 	irq_info[irq].evtchn = 0;
| }
|
| static void eoi_pirq(unsigned int irq)
| {
| 	struct physdev_eoi eoi = { .irq = irq_info[irq].u.pirq };
|
| 	(void)HYPERVISOR_physdev_op(PHYSDEVOP_eoi, &eoi);
| }
|
| static struct irq_chip xen_pirq_chip = {
| 	.name = "xen-pirq",
| 	.startup = startup_pirq,
| 	.shutdown = shutdown_pirq,
| 	.mask = disable_dynirq,
| 	.unmask = enable_dynirq,
| 	.eoi = eoi_pirq,
| };
|
| /* Have Xen map @gsi to a pirq; the irq has the GSI's number. */
| int xen_allocate_pirq(unsigned int gsi)
| {
| 	struct physdev_map_pirq map_irq;
| 	int irq = gsi;
|
| 	if (gsi >= NR_IRQS)
| 		return -EINVAL;
| 	if (irq_info[irq].type == IRQT_PIRQ)
| 		return irq;
| 	if (irq_info[irq].type != IRQT_UNBOUND)
| 		return -EBUSY;
|
| 	map_irq.domid = DOMID_SELF;
| 	map_irq.type = MAP_PIRQ_TYPE_GSI;
| 	map_irq.index = gsi;
| 	map_irq.pirq = gsi;
| 	if (HYPERVISOR_physdev_op(PHYSDEVOP_map_pirq, &map_irq))
| 		return -ENOSPC;
|
| 	irq_info[irq].type = IRQT_PIRQ;
| 	irq_info[irq].evtchn = 0;
| 	irq_info[irq].u.pirq = map_irq.pirq;
| 	set_irq_chip(irq, &xen_pirq_chip);
| 	return irq;
| }
|
theirs:
| int xen_create_msi_irq(unsigned int bus, unsigned int devfn, int entry_nr)
| {
| 	struct physdev_map_pirq map_irq;
| 	struct evtchn_bind_pirq bind_pirq;
| 	struct physdev_unmap_pirq unmap_irq;
| 	int irq;
|
| 	irq = find_unbound_irq();
| 	if (irq < 0)
| 		return irq;
|
| 	memset(&map_irq, 0, sizeof(map_irq));
| 	map_irq.domid = DOMID_SELF;
| 	map_irq.type = MAP_PIRQ_TYPE_MSI;
| 	map_irq.index = -1;
| 	map_irq.pirq = -1;
| 	map_irq.bus = bus;
| 	map_irq.devfn = devfn;
| 	map_irq.entry_nr = entry_nr;
| 	if (HYPERVISOR_physdev_op(PHYSDEVOP_map_pirq, &map_irq))
| 		return -ENOSPC;
|
| 	bind_pirq.pirq = map_irq.pirq;
| 	bind_pirq.flags = 0;
| 	if (HYPERVISOR_event_channel_op(EVTCHNOP_bind_pirq, &bind_pirq)) {
| 		unmap_irq.domid = DOMID_SELF;
| 		unmap_irq.pirq = map_irq.pirq;
| 		(void)HYPERVISOR_physdev_op(PHYSDEVOP_unmap_pirq, &unmap_irq);
| 		return -EIO;
| 	}
| 	bind_irq(irq, IRQT_MSI, bind_pirq.port);
| 	irq_info[irq].u.msi.pirq = map_irq.pirq;
| 	irq_info[irq].u.msi.bus = bus;
| 	irq_info[irq].u.msi.devfn = devfn;
| 	return irq;
| }
|
| int xen_destroy_msi_irq(unsigned int irq)
| {
| 	struct physdev_unmap_pirq unmap_irq;
|
| 	if (irq >= NR_IRQS || irq_info[irq].type != IRQT_MSI)
| 		return -EINVAL;
| 	unmap_irq.domid = DOMID_SELF;
| 	unmap_irq.pirq = irq_info[irq].u.msi.pirq;
| 	unbind_from_irq(irq);
| 	return HYPERVISOR_physdev_op(PHYSDEVOP_unmap_pirq, &unmap_irq);
| }
|
resolved:
| static unsigned int startup_pirq(unsigned int irq)
| {
| 	struct evtchn_bind_pirq bind_pirq;
|
| 	bind_pirq.pirq = irq_info[irq].u.pirq;
| 	/* NB. We are happy to share unless we are probing. */
| 	bind_pirq.flags = BIND_PIRQ__WILL_SHARE;
| 	if (HYPERVISOR_event_channel_op(EVTCHNOP_bind_pirq, &bind_pirq)) {
| 		printk(KERN_WARNING "xen: failed to bind pirq %u\n",
| 		       bind_pirq.pirq);
| 		return 0;
| 	}
| 	irq_info[irq].evtchn = bind_pirq.port;
| 	evtchn_to_irq[bind_pirq.port] = irq;
| 	unmask_evtchn(bind_pirq.port);
| 	return 0;
| }
|
| static void shutdown_pirq(unsigned int irq)
| {
| 	struct evtchn_close close;
| 	unsigned int evtchn = evtchn_from_irq(irq);
|
| 	if (!evtchn)
| 		return;
| 	mask_evtchn(evtchn);
| 	close.port = evtchn;
| 	if (HYPERVISOR_event_channel_op(EVTCHNOP_close, &close))
| 		BUG_ON(1);
| 	evtchn_to_irq[evtchn] = -1;
| 	irq_info[irq].evtchn = 0;
| }
|
| static void eoi_pirq(unsigned int irq)
| {
| 	struct physdev_eoi eoi = { .irq = irq_info[irq].u.pirq };
|
| 	(void)HYPERVISOR_physdev_op(PHYSDEVOP_eoi, &eoi);
| }
|
| static struct irq_chip xen_pirq_chip = {
| 	.name = "xen-pirq",
| 	.startup = startup_pirq,
| 	.shutdown = shutdown_pirq,
| 	.mask = disable_dynirq,
| 	.unmask = enable_dynirq,
| 	.eoi = eoi_pirq,
| };
|
| /* Have Xen map @gsi to a pirq; the irq has the GSI's number. */
| int xen_allocate_pirq(unsigned int gsi)
| {
| 	struct physdev_map_pirq map_irq;
| 	int irq = gsi;
|
| 	if (gsi >= NR_IRQS)
| 		return -EINVAL;
| 	if (irq_info[irq].type == IRQT_PIRQ)
| 		return irq;
| 	if (irq_info[irq].type != IRQT_UNBOUND)
| 		return -EBUSY;
|
| 	map_irq.domid = DOMID_SELF;
| 	map_irq.type = MAP_PIRQ_TYPE_GSI;
| 	map_irq.index = gsi;
| 	map_irq.pirq = gsi;
| 	if (HYPERVISOR_physdev_op(PHYSDEVOP_map_pirq, &map_irq))
| 		return -ENOSPC;
|
| 	irq_info[irq].type = IRQT_PIRQ;
| 	irq_info[irq].evtchn = 0;
| 	irq_info[irq].u.pirq = map_irq.pirq;
| 	set_irq_chip(irq, &xen_pirq_chip);
| 	return irq;
| }
|
| int xen_create_msi_irq(unsigned int bus, unsigned int devfn, int entry_nr)
| {
| 	struct physdev_map_pirq map_irq;
| 	struct evtchn_bind_pirq bind_pirq;
| 	struct physdev_unmap_pirq unmap_irq;
| 	int irq;
|
| 	irq = find_unbound_irq();
| 	if (irq < 0)
| 		return irq;
|
| 	memset(&map_irq, 0, sizeof(map_irq));
| 	map_irq.domid = DOMID_SELF;
| 	map_irq.type = MAP_PIRQ_TYPE_MSI;
| 	map_irq.index = -1;
| 	map_irq.pirq = -1;
| 	map_irq.bus = bus;
| 	map_irq.devfn = devfn;
| 	map_irq.entry_nr = entry_nr;
| 	if (HYPERVISOR_physdev_op(PHYSDEVOP_map_pirq, &map_irq))
| 		return -ENOSPC;
|
| 	bind_pirq.pirq = map_irq.pirq;
| 	bind_pirq.flags = 0;
| 	if (HYPERVISOR_event_channel_op(EVTCHNOP_bind_pirq, &bind_pirq)) {
| 		unmap_irq.domid = DOMID_SELF;
| 		unmap_irq.pirq = map_irq.pirq;
| 		(void)HYPERVISOR_physdev_op(PHYSDEVOP_unmap_pirq, &unmap_irq);
| 		return -EIO;
| 	}
| 	bind_irq(irq, IRQT_MSI, bind_pirq.port);
| 	irq_info[irq].u.msi.pirq = map_irq.pirq;
| 	irq_info[irq].u.msi.bus = bus;
| 	irq_info[irq].u.msi.devfn = devfn;
| 	return irq;
| }
|
| int xen_destroy_msi_irq(unsigned int irq)
| {
| 	struct physdev_unmap_pirq unmap_irq;
|
| 	if (irq >= NR_IRQS || irq_info[irq].type != IRQT_MSI)
| 		return -EINVAL;
| 	unmap_irq.domid = DOMID_SELF;
| 	unmap_irq.pirq = irq_info[irq].u.msi.pirq;
| 	unbind_from_irq(irq);
| 	return HYPERVISOR_physdev_op(PHYSDEVOP_unmap_pirq, &unmap_irq);
| }
|
